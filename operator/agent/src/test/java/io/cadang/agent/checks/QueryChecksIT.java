package io.cadang.agent.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.RealServers;
import io.cadang.agent.Sql;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.PgTools;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Application checks against a real PostgreSQL: expectations, roles, errors, read-only. */
class QueryChecksIT {
  private static final String DB = "checks_it";
  private static PgTarget admin;
  private static QueryChecks checks;

  @BeforeAll
  static void database() throws Exception {
    PgTarget postgres = RealServers.superuser("postgres");
    Sql.exec(postgres, "DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB);
    Sql.exec(
        postgres,
        "DROP ROLE IF EXISTS checks_app",
        "DROP ROLE IF EXISTS checks_nologin",
        "CREATE ROLE checks_app LOGIN",
        "CREATE ROLE checks_nologin NOLOGIN");
    admin = RealServers.superuser(DB);
    Sql.exec(
        admin,
        "CREATE TABLE orders(id int PRIMARY KEY, note text)",
        "INSERT INTO orders SELECT g, 'line' || chr(10) || 'two|x' FROM generate_series(1, 42) g",
        "CREATE TABLE secrets(v text)",
        "GRANT SELECT ON orders TO checks_app");
    checks =
        new QueryChecks(
            PgTools.newest(null).binDir().resolve("psql"), QueryChecks.Server.of(admin));
  }

  private static QueryCheckResult one(QueryCheck check) {
    List<QueryCheckResult> results = checks.run(List.of(check), db -> DB);
    assertEquals(1, results.size());
    return results.get(0);
  }

  @Test
  void aCountThatEqualsPassesAndReportsTheValue() {
    QueryCheckResult r =
        one(new QueryCheck("count", null, "select count(*) from orders;", null, "42", null, null));
    assertTrue(r.passed(), r.problem());
    assertEquals(1, r.rows());
    assertEquals("42", r.value());
    assertEquals(DB, r.database());
  }

  @Test
  void aDifferentValueFailsNamingBoth() {
    QueryCheckResult r =
        one(new QueryCheck("count", null, "select count(*) from orders", null, "43", null, null));
    assertFalse(r.passed());
    assertEquals("first value is '42', expected '43'", r.problem());
  }

  @Test
  void rowsAreCountedEvenWhenValuesHoldNewlinesAndBars() {
    QueryCheckResult r =
        one(new QueryCheck("rows", null, "select note, id from orders", null, null, 40, 50));
    assertTrue(r.passed(), r.problem());
    assertEquals(42, r.rows());
    assertEquals("line\ntwo|x", r.value());
    QueryCheckResult tooMany =
        one(new QueryCheck("rows", null, "select id from orders", null, null, 1, 10));
    assertFalse(tooMany.passed());
    assertEquals("42 row(s), expected at most 10", tooMany.problem());
  }

  @Test
  void anEmptyResultFailsByDefault() {
    QueryCheckResult r =
        one(
            new QueryCheck(
                "none", null, "select id from orders where id < 0", null, null, null, null));
    assertFalse(r.passed());
    assertEquals("0 row(s), expected at least 1", r.problem());
    assertTrue(
        one(new QueryCheck("none", null, "select 1 where false", null, null, 0, 0)).passed());
  }

  @Test
  void aQueryThatErrorsFailsWithTheServersMessage() {
    QueryCheckResult r =
        one(new QueryCheck("bad", null, "select * from no_such_table", null, null, null, null));
    assertFalse(r.passed());
    assertEquals(-1, r.rows());
    assertEquals("query failed: relation \"no_such_table\" does not exist", r.problem());
  }

  @Test
  void aCheckCannotWrite() throws Exception {
    QueryCheckResult r =
        one(
            new QueryCheck(
                "write",
                null,
                "insert into orders values (1000, 'x') returning id",
                null,
                null,
                null,
                null));
    assertFalse(r.passed());
    assertTrue(r.problem().contains("read-only transaction"), r.problem());
    assertEquals(42, Sql.number(admin, "select count(*) from orders"));
  }

  @Test
  void asARoleItRunsWithThatRolesPrivileges() {
    assertTrue(
        one(new QueryCheck(
                "app", null, "select count(*) from orders", "checks_app", "42", null, null))
            .passed());
    QueryCheckResult denied =
        one(new QueryCheck("app", null, "select * from secrets", "checks_app", null, 0, null));
    assertFalse(denied.passed());
    assertEquals("query failed: permission denied for table secrets", denied.problem());
  }

  @Test
  void aMissingOrNologinRoleFails() {
    QueryCheckResult missing =
        one(new QueryCheck("app", null, "select 1", "checks_nobody", null, null, null));
    assertEquals("role 'checks_nobody' does not exist in the restored copy", missing.problem());
    QueryCheckResult nologin =
        one(new QueryCheck("app", null, "select 1", "checks_nologin", null, null, null));
    assertEquals("role 'checks_nologin' may not log in (NOLOGIN)", nologin.problem());
  }

  @Test
  void aDatabaseThatWasNotRestoredFails() {
    Function<String, String> onlyShop = db -> "shop".equals(db) ? DB : null;
    List<QueryCheckResult> r =
        checks.run(
            List.of(new QueryCheck("other", "billing", "select 1", null, null, null, null)),
            onlyShop);
    assertEquals("database 'billing' is not part of this restore", r.get(0).problem());
  }

  @Test
  void parsingRefusesBadInputWithOneLine() throws Exception {
    assertEquals(List.of(), QueryCheck.parse(""));
    List<QueryCheck> parsed =
        QueryCheck.parse("[{\"name\":\"a\",\"sql\":\"select 1\",\"equals\":\"1\"}]");
    assertEquals("1", parsed.get(0).equals());
    assertEquals(
        "checks[0]: name is required",
        assertThrows(CheckException.class, () -> QueryCheck.parse("[{\"sql\":\"select 1\"}]"))
            .getMessage());
    assertEquals(
        "checks[1]: name 'a' is used twice",
        assertThrows(
                CheckException.class,
                () ->
                    QueryCheck.parse(
                        "[{\"name\":\"a\",\"sql\":\"select 1\"},{\"name\":\"a\",\"sql\":\"select 2\"}]"))
            .getMessage());
    assertEquals(
        "checks[0] (a): sql is required",
        assertThrows(CheckException.class, () -> QueryCheck.parse("[{\"name\":\"a\"}]"))
            .getMessage());
    assertTrue(
        assertThrows(CheckException.class, () -> QueryCheck.parse("{\"name\":\"a\"}"))
            .getMessage()
            .startsWith("checks: not a JSON array"));
    assertEquals(
        parsed, QueryCheck.parse(QueryCheck.toJson(parsed)), "round trip through the Job's env");
    assertEquals(Map.of(), Map.of());
  }
}
