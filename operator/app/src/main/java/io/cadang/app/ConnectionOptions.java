package io.cadang.app;

import io.cadang.agent.postgres.PgTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * PostgreSQL connection options. The password is never an option value (argv is visible to every
 * user of the machine): it comes from an environment variable or a file, the way a Kubernetes
 * Secret arrives in a pod.
 */
final class ConnectionOptions {
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (TCP).")
  String host;

  @Option(names = "--port", defaultValue = "5432", description = "Server port.")
  int port;

  @Option(names = "--user", defaultValue = "postgres", description = "Role to connect as.")
  String user;

  @Option(
      names = "--maintenance-db",
      defaultValue = "postgres",
      description = "Database used for catalog queries and globals (default: postgres).")
  String maintenanceDb;

  @Option(
      names = "--sslmode",
      defaultValue = "prefer",
      description = "libpq sslmode: disable, allow, prefer, require, verify-ca, verify-full.")
  String sslMode;

  @Option(
      names = "--password-env",
      defaultValue = "PGPASSWORD",
      description = "Environment variable holding the password (default: PGPASSWORD).")
  String passwordEnv;

  @Option(
      names = "--password-file",
      description = "File holding the password (trailing newline ignored); wins over the variable.")
  Path passwordFile;

  PgTarget target(Map<String, String> env) throws IOException {
    return new PgTarget(host, port, user, maintenanceDb, sslMode, password(env));
  }

  private String password(Map<String, String> env) throws IOException {
    if (passwordFile != null) {
      if (!Files.isReadable(passwordFile)) {
        throw new IOException("password file " + passwordFile + " is not readable");
      }
      return Files.readString(passwordFile, StandardCharsets.UTF_8).stripTrailing();
    }
    return env.get(passwordEnv);
  }
}
