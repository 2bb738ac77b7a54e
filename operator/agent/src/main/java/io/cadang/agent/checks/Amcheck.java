package io.cadang.agent.checks;

import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.ToolProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a recovered cluster's tables and B-tree indexes for corruption with {@code pg_amcheck}, in
 * every database that accepts connections. The amcheck extension is installed where it is missing
 * and dropped again afterwards, so the recovered copy keeps the extensions it had.
 */
public final class Amcheck {
  private static final Logger LOG = LoggerFactory.getLogger(Amcheck.class);
  private static final Pattern PROGRESS = Pattern.compile("(\\d+)/(\\d+) relations");
  private static final int PROBLEM_LINES = 5;

  /** pg_amcheck's exit status when it found corruption (1 is "could not run"). */
  private static final int CORRUPTION_FOUND = 2;

  private Amcheck() {}

  public static AmcheckResult run(Path binDir, QueryChecks.Server server, int jobs)
      throws CheckException {
    Path psql = binDir.resolve("psql");
    List<String> databases;
    List<String> installed = new ArrayList<>();
    try {
      databases =
          PsqlRows.run(
                  psql,
                  server.environment("postgres"),
                  "SELECT datname FROM pg_database WHERE datallowconn ORDER BY 1;\n",
                  Map.of())
              .stream()
              .map(r -> r.get(0))
              .toList();
      for (String db : databases) {
        if (PsqlRows.run(
                psql,
                server.environment(db),
                "SELECT 1 FROM pg_extension WHERE extname = 'amcheck';\n",
                Map.of())
            .isEmpty()) {
          installed.add(db);
        }
      }
    } catch (PgException e) {
      throw new CheckException("pg_amcheck: cannot list the databases: " + e.getMessage());
    }
    try {
      return check(binDir, server, jobs, databases.size());
    } finally {
      for (String db : installed) {
        try {
          PsqlRows.run(
              psql, server.environment(db), "DROP EXTENSION IF EXISTS amcheck;\n", Map.of());
        } catch (PgException e) {
          LOG.warn(
              "database {}: could not drop the amcheck extension again: {}", db, e.getMessage());
        }
      }
    }
  }

  private static AmcheckResult check(
      Path binDir, QueryChecks.Server server, int jobs, int databases) throws CheckException {
    List<String> command =
        List.of(
            binDir.resolve("pg_amcheck").toString(),
            "--all",
            "--install-missing",
            "--progress",
            "--jobs=" + Math.max(1, jobs),
            "--maintenance-db=postgres");
    long t0 = System.nanoTime();
    try (ToolProcess p = ToolProcess.start("pg_amcheck", command, server.environment("postgres"))) {
      p.stdin().close();
      String out = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
      int code = p.await();
      if (code != 0 && code != CORRUPTION_FOUND) {
        throw new CheckException("pg_amcheck failed (exit " + code + "): " + p.errorLine());
      }
      int relations = relations(p.stderrText());
      List<String> problems = out.lines().filter(l -> !l.isBlank()).limit(PROBLEM_LINES).toList();
      if (code == CORRUPTION_FOUND && problems.isEmpty()) {
        problems = List.of("pg_amcheck reported corruption: " + p.errorLine());
      }
      LOG.info(
          "pg_amcheck: {} relations in {} databases, {} in {} ms",
          relations,
          databases,
          problems.isEmpty() ? "no corruption" : "CORRUPTION",
          (System.nanoTime() - t0) / 1_000_000);
      return new AmcheckResult(databases, relations, problems);
    } catch (PgException | IOException e) {
      throw new CheckException("pg_amcheck: " + e.getMessage());
    }
  }

  /** The total from pg_amcheck's last progress line ("542/542 relations (100%), …"). */
  static int relations(String progress) {
    Matcher m = PROGRESS.matcher(progress);
    int total = 0;
    while (m.find()) {
      total = Integer.parseInt(m.group(2));
    }
    return total;
  }
}
