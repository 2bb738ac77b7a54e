package io.cadang.agent.physical;

import io.cadang.agent.checks.ServerChecks;
import io.cadang.agent.keys.KeyOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What one {@code cadang recover} run does.
 *
 * @param dataDir the directory to recover into: absent or empty
 * @param target where replay stops
 * @param backupId the base backup to start from, or null to choose the newest that fits
 * @param pgBin explicit PostgreSQL tools directory, or null to choose by the backup's version
 * @param port the port of the temporary server (names its private socket), or null for a free one
 * @param repositoryUri the repository, as given to {@code --repo} (passed on to wal-fetch)
 * @param keys the key options (passed on to wal-fetch, secrets through the environment)
 * @param env cadang's environment (credentials for wal-fetch come from here)
 * @param mainClass the CLI main class that restore_command starts with {@code wal-fetch}
 * @param timeout how long replay may take
 * @param checks run on the promoted cluster before it is shut down (pg_amcheck, queries)
 * @param discard delete the recovered directory afterwards, verified or not (a drill's copy)
 */
public record RecoveryRequest(
    Path dataDir,
    RecoveryTarget target,
    String backupId,
    Path pgBin,
    Integer port,
    String repositoryUri,
    KeyOptions keys,
    Map<String, String> env,
    String mainClass,
    Duration timeout,
    ServerChecks checks,
    boolean discard) {

  /** No checks; the recovered directory is kept. */
  public RecoveryRequest(
      Path dataDir,
      RecoveryTarget target,
      String backupId,
      Path pgBin,
      Integer port,
      String repositoryUri,
      KeyOptions keys,
      Map<String, String> env,
      String mainClass,
      Duration timeout) {
    this(
        dataDir,
        target,
        backupId,
        pgBin,
        port,
        repositoryUri,
        keys,
        env,
        mainClass,
        timeout,
        ServerChecks.NONE,
        false);
  }
}
