package io.cadang.agent.checks;

import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link QueryCheck}s against a restored copy. Each query runs in a read-only transaction that
 * is rolled back, so a check can prove the data is usable but cannot change it; as a role it first
 * proves the role exists and may log in.
 */
public final class QueryChecks {
  private static final Logger LOG = LoggerFactory.getLogger(QueryChecks.class);
  private static final int VALUE_CHARS = 64;

  /** libpq environment (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) for a database. */
  public interface Server {
    Map<String, String> environment(String database);

    /** A server reached like {@code target}, any of its databases. */
    static Server of(PgTarget target) {
      return database -> target.withDatabase(database).libpqEnvironment();
    }
  }

  private final Path psql;
  private final Server server;

  public QueryChecks(Path psql, Server server) {
    this.psql = psql;
    this.server = server;
  }

  /**
   * @param restoredName maps a check's database (null for the default) to where it was restored, or
   *     returns null when that database was not restored
   */
  public List<QueryCheckResult> run(
      List<QueryCheck> checks, Function<String, String> restoredName) {
    List<QueryCheckResult> results = new ArrayList<>();
    for (QueryCheck check : checks) {
      QueryCheckResult r = runOne(check, restoredName.apply(check.database()));
      if (r.passed()) {
        LOG.info("check {} on {}: passed ({} rows)", r.name(), r.database(), r.rows());
      } else {
        LOG.warn("check {} on {}: FAILED: {}", r.name(), r.database(), r.problem());
      }
      results.add(r);
    }
    return results;
  }

  private QueryCheckResult runOne(QueryCheck check, String database) {
    if (database == null) {
      return failed(
          check,
          check.database(),
          check.database() == null
              ? "no database named, and this restore holds several: set database"
              : "database '" + check.database() + "' is not part of this restore");
    }
    Map<String, String> env = server.environment(database);
    if (check.role() != null) {
      try {
        List<List<String>> role =
            PsqlRows.run(
                psql,
                env,
                "SELECT rolcanlogin FROM pg_roles WHERE rolname = :'role';\n",
                Map.of("role", check.role()));
        if (role.isEmpty()) {
          return failed(
              check, database, "role '" + check.role() + "' does not exist in the restored copy");
        }
        if (!"t".equals(role.get(0).get(0))) {
          return failed(check, database, "role '" + check.role() + "' may not log in (NOLOGIN)");
        }
      } catch (PgException e) {
        return failed(check, database, serverError(e));
      }
    }
    String sql = check.sql().strip();
    while (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1).strip();
    }
    String script =
        "BEGIN READ ONLY;\nSET LOCAL statement_timeout = '60s';\n"
            + (check.role() != null ? "SET LOCAL ROLE :\"role\";\n" : "")
            + sql
            + ";\nROLLBACK;\n";
    List<List<String>> rows;
    try {
      rows =
          PsqlRows.run(
              psql, env, script, check.role() == null ? Map.of() : Map.of("role", check.role()));
    } catch (PgException e) {
      return failed(check, database, serverError(e));
    }
    String value = rows.isEmpty() ? null : shorten(rows.get(0).get(0));
    String problem = null;
    if (rows.size() < check.effectiveMinRows()) {
      problem = rows.size() + " row(s), expected at least " + check.effectiveMinRows();
    } else if (check.maxRows() != null && rows.size() > check.maxRows()) {
      problem = rows.size() + " row(s), expected at most " + check.maxRows();
    } else if (check.equals() != null
        && (rows.isEmpty() || !check.equals().equals(rows.get(0).get(0)))) {
      problem = "first value is '" + value + "', expected '" + check.equals() + "'";
    }
    return new QueryCheckResult(
        check.name(), database, problem == null, rows.size(), value, problem);
  }

  private static QueryCheckResult failed(QueryCheck check, String database, String problem) {
    return new QueryCheckResult(check.name(), database, false, -1, null, problem);
  }

  /** "psql failed (exit 3): psql:<stdin>:4: ERROR: x" → "query failed: x". */
  static String serverError(PgException e) {
    String message = e.getMessage();
    int at = message.indexOf("ERROR:");
    if (at < 0) {
      at = message.indexOf("FATAL:");
    }
    return at < 0 ? message : "query failed: " + message.substring(at + 6).strip();
  }

  private static String shorten(String value) {
    return value.length() <= VALUE_CHARS ? value : value.substring(0, VALUE_CHARS) + "…";
  }
}
