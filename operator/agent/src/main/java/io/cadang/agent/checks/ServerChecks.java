package io.cadang.agent.checks;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The checks run on a restored server before a restore (or drill) reports success: pg_amcheck on a
 * physically recovered cluster, then the application's queries.
 *
 * @param queries application checks; empty for none
 * @param amcheck run pg_amcheck over every database first
 */
public record ServerChecks(List<QueryCheck> queries, boolean amcheck) {
  public static final ServerChecks NONE = new ServerChecks(List.of(), false);

  public boolean isEmpty() {
    return queries.isEmpty() && !amcheck;
  }

  /**
   * @param binDir the PostgreSQL tools matching the server
   * @param restoredName maps a check's database (null: the default) to where it was restored
   */
  public ChecksReport run(
      Path binDir, QueryChecks.Server server, Function<String, String> restoredName, int jobs)
      throws CheckException {
    AmcheckResult amcheckResult = amcheck ? Amcheck.run(binDir, server, jobs) : null;
    List<QueryCheckResult> results =
        queries.isEmpty()
            ? List.of()
            : new QueryChecks(binDir.resolve("psql"), server).run(queries, restoredName);
    return new ChecksReport(results, amcheckResult);
  }
}
