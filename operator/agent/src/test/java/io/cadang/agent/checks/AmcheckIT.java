package io.cadang.agent.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.Sql;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.postgres.local.ThrowawayPostgres;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** pg_amcheck on a real cluster: a healthy one passes, a damaged heap page is found. */
class AmcheckIT {

  @Test
  void aHealthyClusterPassesAndKeepsItsExtensions() throws Exception {
    try (ThrowawayPostgres pg = ThrowawayPostgres.start(PgTools.newest(null).binDir())) {
      PgTarget app = database(pg, "amcheck_ok");
      AmcheckResult r = Amcheck.run(pg.binDir(), QueryChecks.Server.of(app), 2);
      assertTrue(r.passed(), r.problems().toString());
      assertEquals(3, r.databases(), "postgres, template1 and amcheck_ok");
      assertTrue(r.relations() > 100, "catalogs, the table and its index: " + r.relations());
      for (String db : new String[] {"postgres", "template1", "amcheck_ok"}) {
        assertEquals(
            0,
            Sql.number(
                pg.target(db), "select count(*) from pg_extension where extname = 'amcheck'"),
            "amcheck installed for the check is dropped again in " + db);
      }
    }
  }

  @Test
  void aDamagedHeapPageIsReported() throws Exception {
    try (ThrowawayPostgres pg = ThrowawayPostgres.start(PgTools.newest(null).binDir())) {
      PgTarget app = database(pg, "amcheck_bad");
      Path file = pg.dataDir().resolve(Sql.text(app, "select pg_relation_filepath('items')"));
      Sql.exec(app, "CHECKPOINT");
      pg.stop();
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        // Tuples fill a heap page from its end: overwrite the last ones' headers.
        byte[] garbage = new byte[400];
        Arrays.fill(garbage, (byte) 0x7f);
        raf.seek(8192 - 400);
        raf.write(garbage);
      }
      pg.restart();
      AmcheckResult r = Amcheck.run(pg.binDir(), QueryChecks.Server.of(app), 2);
      assertFalse(r.passed(), "corruption must be found");
      assertTrue(
          r.problems().stream().anyMatch(p -> p.contains("items")),
          "the damaged relation is named: " + r.problems());
    }
  }

  private static PgTarget database(ThrowawayPostgres pg, String name) throws Exception {
    Sql.exec(pg.target("postgres"), "CREATE DATABASE " + name);
    PgTarget app = pg.target(name);
    Sql.exec(
        app,
        "CREATE TABLE items(id int PRIMARY KEY, v text)",
        "INSERT INTO items SELECT g, repeat('x', 20) FROM generate_series(1, 2000) g");
    return app;
  }
}
