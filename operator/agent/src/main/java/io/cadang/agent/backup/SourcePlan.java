package io.cadang.agent.backup;

import io.cadang.agent.postgres.PgCatalog;
import io.cadang.agent.postgres.PgConnections;
import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.ServerInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a backup will read, settled before any byte moves: the server version (to pick pg_dump), the
 * databases (each requested one must exist), and their encodings (so a restore can create them).
 */
record SourcePlan(ServerInfo server, List<String> databases, Map<String, String> encodings) {

  String encodingOf(String database) {
    return encodings.getOrDefault(database, "UTF8");
  }

  static SourcePlan inspect(BackupRequest request) throws PgException, BackupException {
    try (Connection c = PgConnections.open(request.source())) {
      ServerInfo server = PgCatalog.serverInfo(c);
      List<String> available = PgCatalog.backupableDatabases(c);
      List<String> chosen = new ArrayList<>();
      if (request.databases().isEmpty()) {
        chosen.addAll(available);
      } else {
        for (String db : request.databases()) {
          if (!available.contains(db)) {
            throw new BackupException(
                "database '"
                    + db
                    + "' does not exist (or is a template) at "
                    + request.source().host()
                    + ":"
                    + request.source().port());
          }
          if (!chosen.contains(db)) {
            chosen.add(db);
          }
        }
      }
      if (chosen.isEmpty()) {
        throw new BackupException("no databases to back up at " + request.source());
      }
      return new SourcePlan(server, chosen, encodings(c));
    } catch (SQLException e) {
      throw new PgException(
          PgException.Reason.FAILED, "cannot read the catalog of " + request.source(), e);
    }
  }

  private static Map<String, String> encodings(Connection c) throws SQLException {
    Map<String, String> map = new HashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT datname, pg_encoding_to_char(encoding) FROM pg_database");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        map.put(rs.getString(1), rs.getString(2));
      }
    }
    return map;
  }
}
