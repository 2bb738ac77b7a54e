package io.cadang.agent.restore;

import io.cadang.agent.checks.ChecksReport;
import io.cadang.agent.pipeline.RestorePhases;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of a restore: what went where, how long it took, and the row-count verification.
 *
 * @param backupId the backup restored
 * @param databases one entry per restored database
 * @param duration wall time from start to verified (the measured RTO of this step)
 * @param checks the application checks run after verification
 * @param phases where the time went: download, restore, verify
 */
public record RestoreReport(
    String backupId,
    List<DatabaseResult> databases,
    Duration duration,
    ChecksReport checks,
    RestorePhases phases) {

  public RestoreReport(String backupId, List<DatabaseResult> databases, Duration duration) {
    this(backupId, databases, duration, ChecksReport.NONE, RestorePhases.UNKNOWN);
  }

  /**
   * @param source database name in the backup
   * @param target database restored into
   * @param tablesChecked tables whose row counts were compared
   * @param mismatches tables whose count differs from the manifest
   */
  public record DatabaseResult(
      String source,
      String target,
      int tablesChecked,
      long rowsChecked,
      List<Mismatch> mismatches,
      int checksumsChecked) {
    public DatabaseResult(
        String source, String target, int tablesChecked, long rowsChecked, List<Mismatch> m) {
      this(source, target, tablesChecked, rowsChecked, m, 0);
    }
  }

  /**
   * A table whose restored row count (or content) differs from the backup's; -1 actual means
   * missing.
   *
   * @param problem what differs, for a content mismatch with equal counts; null for a count
   */
  public record Mismatch(String table, long expected, long actual, String problem) {
    public Mismatch(String table, long expected, long actual) {
      this(table, expected, actual, null);
    }

    /** One line: the table and what differs. */
    public String describe() {
      if (problem != null) {
        return table + ": " + problem;
      }
      return table
          + ": "
          + (actual < 0 ? "no such table" : actual + " rows")
          + " restored, "
          + expected
          + " in the backup";
    }
  }

  public boolean verified() {
    return databases.stream().allMatch(d -> d.mismatches().isEmpty()) && checks.passed();
  }
}
