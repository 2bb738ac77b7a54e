package io.cadang.controller.restore;

import io.cadang.api.v1alpha1.RowCountMismatch;
import io.cadang.api.v1alpha1.Verification;
import io.cadang.controller.jobs.AgentResult;
import io.cadang.controller.jobs.AgentResult.RestoredDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The agent's row-count report as {@code status.verification}, and as one readable sentence. */
final class VerificationResults {
  /** Tables named in a failure message; the rest are in status.verification. */
  private static final int NAMED_IN_MESSAGE = 3;

  private VerificationResults() {}

  static Verification of(AgentResult result) {
    List<RestoredDatabase> databases = result.restoredDatabases();
    boolean several = databases.size() > 1;
    List<RowCountMismatch> mismatches = new ArrayList<>();
    int tables = 0;
    long rows = 0;
    for (RestoredDatabase db : databases) {
      tables += db.tablesChecked() == null ? 0 : db.tablesChecked();
      rows += db.rowsChecked() == null ? 0 : db.rowsChecked();
      for (AgentResult.Mismatch m : db.mismatchList()) {
        RowCountMismatch out = new RowCountMismatch();
        out.setTable(several ? db.target() + "." + m.table() : m.table());
        out.setExpected(m.expected());
        out.setActual(m.actual());
        out.setProblem(m.problem());
        mismatches.add(out);
      }
    }
    Verification v = new Verification();
    v.setTablesChecked(tables);
    v.setRowsChecked(rows);
    v.setMismatches(mismatches);
    return v;
  }

  /** e.g. "row counts differ in 2 table(s): public.orders (expected 10, found 9), ...". */
  static String mismatchMessage(Verification v, Integer omitted) {
    List<RowCountMismatch> all = v.getMismatches();
    int total = all.size() + (omitted == null ? 0 : omitted);
    String named =
        all.stream()
            .limit(NAMED_IN_MESSAGE)
            .map(
                m ->
                    m.getTable()
                        + " (expected "
                        + m.getExpected()
                        + ", found "
                        + (m.getActual() != null && m.getActual() < 0
                            ? "no such table"
                            : m.getActual())
                        + ")")
            .collect(Collectors.joining(", "));
    return "row counts differ from the backup in "
        + total
        + " table(s): "
        + named
        + (total > NAMED_IN_MESSAGE ? ", and " + (total - NAMED_IN_MESSAGE) + " more" : "");
  }

  static String summary(Verification v) {
    return v.getTablesChecked() + " tables, " + v.getRowsChecked() + " rows: all row counts match";
  }
}
