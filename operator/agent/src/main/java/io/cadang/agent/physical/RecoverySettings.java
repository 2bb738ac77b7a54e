package io.cadang.agent.physical;

/** The recovery settings cadang appends to postgresql.auto.conf for the duration of a recovery. */
final class RecoverySettings {
  private RecoverySettings() {}

  static String render(String restoreCommand, RecoveryTarget target) {
    StringBuilder conf = new StringBuilder();
    conf.append(setting("restore_command", restoreCommand));
    switch (target.kind()) {
      case TIME -> conf.append(setting("recovery_target_time", target.time().toString()));
      case LSN -> conf.append(setting("recovery_target_lsn", target.lsn().toString()));
      case LATEST -> {
        // No target: replay everything the archive holds.
      }
    }
    conf.append(setting("recovery_target_timeline", "latest"));
    conf.append(setting("recovery_target_action", "promote"));
    return conf.toString();
  }

  /** name = 'value' with the value quoted as postgresql.conf requires. */
  static String setting(String name, String value) {
    return name + " = '" + value.replace("\\", "\\\\").replace("'", "''") + "'\n";
  }
}
