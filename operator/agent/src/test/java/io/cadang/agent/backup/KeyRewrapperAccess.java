package io.cadang.agent.backup;

import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.repository.Repository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Lets tests in other packages run a rewrap at a fixed time. */
public final class KeyRewrapperAccess {
  private KeyRewrapperAccess() {}

  public static BackupManifest rewrap(
      Repository repo, KeyProvider oldKeys, KeyProvider newKeys, String backupId, Instant at)
      throws Exception {
    return new KeyRewrapper(repo, oldKeys, newKeys, Clock.fixed(at, ZoneOffset.UTC))
        .rewrap(backupId);
  }
}
