package io.cadang.agent.restore;

import io.cadang.agent.postgres.PgCatalog;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prepares a {@code pg_dumpall --globals-only} script for a restore. The script re-creates every
 * role including the one the restore connects as, and its {@code ALTER ROLE ... PASSWORD} would
 * replace that role's password with the source server's — locking the restoring user (and whatever
 * else uses that role) out of the target. Statements about the connecting role are therefore left
 * out; everything else is applied as dumped.
 */
final class GlobalsFilter {
  private GlobalsFilter() {}

  /** Writes {@code source} to {@code target} without statements about {@code connectingRole}. */
  static int writeFiltered(Path source, Path target, String connectingRole) throws IOException {
    String ident = PgCatalog.quoteIdent(connectingRole);
    String bare = connectingRole.matches("[a-z_][a-z0-9_$]*") ? connectingRole : null;
    int skipped = 0;
    try (BufferedReader in = Files.newBufferedReader(source, StandardCharsets.UTF_8);
        BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (aboutRole(line, ident) || (bare != null && aboutRole(line, bare))) {
          skipped++;
          continue;
        }
        out.write(line);
        out.write('\n');
      }
    }
    return skipped;
  }

  static boolean aboutRole(String line, String roleToken) {
    return line.equals("CREATE ROLE " + roleToken + ";")
        || line.startsWith("ALTER ROLE " + roleToken + " WITH ")
        || line.startsWith("ALTER ROLE " + roleToken + " SET ");
  }
}
