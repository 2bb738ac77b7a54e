package io.cadang.controller.jobs;

import io.cadang.api.v1alpha1.BackupLog;
import io.cadang.api.v1alpha1.PostgresCredentialsSecret;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.List;

/**
 * The backup log sink's options: where the row goes as arguments, the role and password only as
 * {@code CADANG_LOG_PGUSER}/{@code CADANG_LOG_PGPASSWORD} from the Secret (the backup's own {@code
 * PGUSER} may be a different role on a different server).
 */
final class BackupLogArgs {
  static final String USER_ENV = "CADANG_LOG_PGUSER";
  static final String PASSWORD_ENV = "CADANG_LOG_PGPASSWORD";

  private BackupLogArgs() {}

  static List<String> args(BackupLog log, String policyName) {
    List<String> args = new ArrayList<>();
    if (log == null) {
      return args;
    }
    args.add("--log-host=" + log.getHost());
    args.add("--log-port=" + (log.getPort() == null ? 5432 : log.getPort()));
    args.add("--log-database=" + log.getDatabase());
    args.add("--log-table=" + (log.getTable() == null ? "internal.backup_logs" : log.getTable()));
    args.add("--log-sslmode=" + AgentContainers.sslMode(log.getSslMode()));
    args.add("--policy=" + policyName);
    return args;
  }

  static List<EnvVar> env(BackupLog log) {
    List<EnvVar> env = new ArrayList<>();
    PostgresCredentialsSecret creds = log == null ? null : log.getCredentialsSecret();
    if (creds != null) {
      env.add(AgentContainers.fromSecret(USER_ENV, creds.getName(), creds.getUserKey()));
      env.add(AgentContainers.fromSecret(PASSWORD_ENV, creds.getName(), creds.getPasswordKey()));
    }
    return env;
  }
}
