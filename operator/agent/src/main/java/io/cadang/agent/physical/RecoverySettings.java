package io.cadang.agent.physical;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The recovery settings cadang appends to postgresql.auto.conf for the duration of a recovery. */
final class RecoverySettings {
  private RecoverySettings() {}

  static String render(String restoreCommand, RecoveryTarget target) {
    StringBuilder conf = new StringBuilder();
    conf.append(setting("restore_command", restoreCommand));
    switch (target.kind()) {
      case TIME -> conf.append(setting("recovery_target_time", postgresTime(target.time())));
      case LSN -> conf.append(setting("recovery_target_lsn", target.lsn().toString()));
      case LATEST -> {
        // No target: replay everything the archive holds.
      }
    }
    conf.append(setting("recovery_target_timeline", "latest"));
    conf.append(setting("recovery_target_action", "promote"));
    return conf.toString();
  }

  /**
   * PostgreSQL's own timestamp form in UTC, to the microsecond it stores ({@code
   * recovery_target_time} rejects the ISO 8601 {@code T…Z} spelling).
   */
  static String postgresTime(Instant time) {
    return PG_TIME.format(time.truncatedTo(ChronoUnit.MICROS)) + "+00";
  }

  private static final DateTimeFormatter PG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  /** name = 'value' with the value quoted as postgresql.conf requires. */
  static String setting(String name, String value) {
    return name + " = '" + value.replace("\\", "\\\\").replace("'", "''") + "'\n";
  }
}
