package io.cadang.agent.checks;

import java.util.List;

/**
 * What the checks after a restore found.
 *
 * @param queries one result per application check, in the order given
 * @param amcheck pg_amcheck's findings, or null when it did not run (logical restores)
 */
public record ChecksReport(List<QueryCheckResult> queries, AmcheckResult amcheck) {
  public static final ChecksReport NONE = new ChecksReport(List.of(), null);

  public boolean passed() {
    return queries.stream().allMatch(QueryCheckResult::passed)
        && (amcheck == null || amcheck.passed());
  }

  /** The first failure as one line, or null when everything passed. */
  public String firstProblem() {
    if (amcheck != null && !amcheck.passed()) {
      return "pg_amcheck found corruption: " + amcheck.problems().get(0);
    }
    return queries.stream()
        .filter(q -> !q.passed())
        .findFirst()
        .map(q -> "check '" + q.name() + "' on " + q.database() + ": " + q.problem())
        .orElse(null);
  }
}
