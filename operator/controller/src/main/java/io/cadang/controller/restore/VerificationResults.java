package io.cadang.controller.restore;

import io.cadang.api.v1alpha1.AmcheckStatus;
import io.cadang.api.v1alpha1.QueryCheckStatus;
import io.cadang.api.v1alpha1.RowCountMismatch;
import io.cadang.api.v1alpha1.Verification;
import io.cadang.controller.jobs.AgentResult;
import io.cadang.controller.jobs.AgentResult.RestoredDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The agent's verification report (row counts and checksums, pg_amcheck, application checks) as
 * {@code status.verification}, and as one readable sentence.
 */
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
    if (!databases.isEmpty()) {
      v.setTablesChecked(tables);
      v.setRowsChecked(rows);
      v.setMismatches(mismatches);
    }
    List<QueryCheckStatus> queries = new ArrayList<>();
    for (AgentResult.QueryCheck c : result.checkList()) {
      QueryCheckStatus q = new QueryCheckStatus();
      q.setName(c.name());
      q.setDatabase(c.database());
      q.setPassed(Boolean.TRUE.equals(c.passed()));
      q.setRows(c.rows());
      q.setValue(c.value());
      q.setProblem(c.problem());
      queries.add(q);
    }
    v.setQueries(queries.isEmpty() ? null : queries);
    if (result.amcheck() != null) {
      AmcheckStatus a = new AmcheckStatus();
      a.setDatabases(result.amcheck().databases());
      a.setRelations(result.amcheck().relations());
      a.setProblems(result.amcheck().problemList());
      v.setAmcheck(a);
    }
    return v;
  }

  /** True when the agent checked anything beyond what a physical recovery proves by itself. */
  static boolean checkedAnything(Verification v) {
    return v.getTablesChecked() != null || v.getQueries() != null || v.getAmcheck() != null;
  }

  /**
   * Why verification failed, one sentence: differing tables first, then corruption, then checks.
   */
  static String failureMessage(Verification v, Integer omitted) {
    if (v.getMismatches() != null && !v.getMismatches().isEmpty()) {
      return mismatchMessage(v, omitted);
    }
    if (v.getAmcheck() != null
        && v.getAmcheck().getProblems() != null
        && !v.getAmcheck().getProblems().isEmpty()) {
      return "pg_amcheck found corruption in the recovered cluster: "
          + v.getAmcheck().getProblems().get(0);
    }
    List<QueryCheckStatus> failed =
        v.getQueries() == null
            ? List.of()
            : v.getQueries().stream().filter(q -> !Boolean.TRUE.equals(q.getPassed())).toList();
    if (failed.isEmpty()) {
      return "the agent reported the restore as not verified";
    }
    QueryCheckStatus first = failed.get(0);
    return "application check '"
        + first.getName()
        + "' failed on "
        + first.getDatabase()
        + ": "
        + first.getProblem()
        + (failed.size() > 1 ? " (and " + (failed.size() - 1) + " more check(s) failed)" : "");
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

  /** e.g. "2 tables, 1300 rows: all row counts match; 2 application check(s) passed". */
  static String summary(Verification v) {
    List<String> parts = new ArrayList<>();
    if (v.getTablesChecked() != null) {
      parts.add(
          v.getTablesChecked() + " tables, " + v.getRowsChecked() + " rows: all row counts match");
    }
    if (v.getAmcheck() != null) {
      parts.add(
          "pg_amcheck: "
              + v.getAmcheck().getRelations()
              + " relations in "
              + v.getAmcheck().getDatabases()
              + " databases, no corruption");
    }
    if (v.getQueries() != null) {
      parts.add(v.getQueries().size() + " application check(s) passed");
    }
    return String.join("; ", parts);
  }
}
