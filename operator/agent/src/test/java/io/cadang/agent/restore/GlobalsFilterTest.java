package io.cadang.agent.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalsFilterTest {
  @TempDir Path dir;

  @Test
  void statementsAboutTheConnectingRoleAreLeftOutAndOthersKept() throws Exception {
    Path in = dir.resolve("globals.sql");
    Files.writeString(
        in,
        String.join(
            "\n",
            "CREATE ROLE app;",
            "ALTER ROLE app WITH NOSUPERUSER LOGIN PASSWORD 'SCRAM-SHA-256$x';",
            "CREATE ROLE postgres;",
            "ALTER ROLE postgres WITH SUPERUSER LOGIN PASSWORD 'SCRAM-SHA-256$y';",
            "ALTER ROLE postgres SET search_path TO public;",
            "CREATE ROLE postgres_reader;",
            "GRANT app TO postgres GRANTED BY postgres;",
            ""));
    Path out = dir.resolve("filtered.sql");

    int skipped = GlobalsFilter.writeFiltered(in, out, "postgres");

    assertEquals(3, skipped);
    assertEquals(
        "CREATE ROLE app;\n"
            + "ALTER ROLE app WITH NOSUPERUSER LOGIN PASSWORD 'SCRAM-SHA-256$x';\n"
            + "CREATE ROLE postgres_reader;\n"
            + "GRANT app TO postgres GRANTED BY postgres;\n",
        Files.readString(out));
  }

  @Test
  void quotedRoleNamesAreMatchedAsPgDumpallWritesThem() throws Exception {
    Path in = dir.resolve("globals.sql");
    Files.writeString(
        in, "CREATE ROLE \"Backup Admin\";\nALTER ROLE \"Backup Admin\" WITH LOGIN;\n");
    Path out = dir.resolve("filtered.sql");

    assertEquals(2, GlobalsFilter.writeFiltered(in, out, "Backup Admin"));
    assertEquals("", Files.readString(out));
  }
}
