package io.cadang.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cadang.agent.checks.AmcheckResult;
import io.cadang.agent.checks.ChecksReport;
import io.cadang.agent.checks.QueryCheckResult;
import io.cadang.agent.pipeline.RestorePhases;
import java.io.PrintWriter;

/**
 * The checks after a restore and where its time went, printed for people and as result JSON for the
 * operator.
 */
final class CheckOutput {
  /** Keeps a failure reason short enough for the 4 KiB termination message. */
  private static final int PROBLEM_CHARS = 200;

  private CheckOutput() {}

  static void print(ChecksReport report, PrintWriter out) {
    AmcheckResult amcheck = report.amcheck();
    if (amcheck != null) {
      out.printf(
          "  pg_amcheck: %d relations in %d databases, %s%n",
          amcheck.relations(),
          amcheck.databases(),
          amcheck.passed() ? "no corruption" : "CORRUPTION");
      for (String problem : amcheck.problems()) {
        out.printf("    %s%n", problem);
      }
    }
    for (QueryCheckResult q : report.queries()) {
      out.printf(
          "  check %s on %s: %s%n",
          q.name(),
          q.database(),
          q.passed() ? "passed (" + q.rows() + " rows)" : "FAILED: " + q.problem());
    }
  }

  /** Adds "checks" and "amcheck" to a result object when there is anything to say. */
  static void put(ObjectNode root, ChecksReport report) {
    if (!report.queries().isEmpty()) {
      ArrayNode checks = root.putArray("checks");
      for (QueryCheckResult q : report.queries()) {
        ObjectNode c = checks.addObject();
        c.put("name", q.name());
        c.put("database", q.database());
        c.put("passed", q.passed());
        c.put("rows", q.rows());
        if (q.value() != null) {
          c.put("value", q.value());
        }
        if (q.problem() != null) {
          c.put("problem", shorten(q.problem()));
        }
      }
    }
    AmcheckResult amcheck = report.amcheck();
    if (amcheck != null) {
      ObjectNode a = root.putObject("amcheck");
      a.put("databases", amcheck.databases());
      a.put("relations", amcheck.relations());
      ArrayNode problems = a.putArray("problems");
      amcheck.problems().stream().limit(2).forEach(p -> problems.add(shorten(p)));
    }
  }

  /** "phases": where the restore's time went, in seconds with a tenth. */
  static void putPhases(ObjectNode root, RestorePhases phases) {
    ObjectNode p = root.putObject("phases");
    p.put("downloadSeconds", tenths(phases.download()));
    p.put("restoreSeconds", tenths(phases.restore()));
    p.put("verifySeconds", tenths(phases.verify()));
  }

  static void printPhases(RestorePhases phases, PrintWriter out) {
    out.printf(
        "  time: download %.1f s, restore %.1f s, verify %.1f s%n",
        tenths(phases.download()), tenths(phases.restore()), tenths(phases.verify()));
  }

  private static double tenths(java.time.Duration d) {
    return Math.round(d.toMillis() / 100.0) / 10.0;
  }

  private static String shorten(String text) {
    return text.length() <= PROBLEM_CHARS ? text : text.substring(0, PROBLEM_CHARS) + "…";
  }
}
