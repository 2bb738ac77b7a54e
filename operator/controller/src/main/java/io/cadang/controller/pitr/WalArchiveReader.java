package io.cadang.controller.pitr;

import io.cadang.agent.wal.WalStatus;
import io.cadang.api.v1alpha1.BackupPolicy;
import java.io.IOException;
import java.util.Optional;

/** Reads what a policy's WAL streamer last reported, from the policy's primary repository. */
public interface WalArchiveReader {
  /** Empty when the streamer has not reported yet; IOException when the repository fails. */
  Optional<WalStatus> read(BackupPolicy policy) throws IOException;

  /**
   * Each replica repository's own wal/status.json, by replica name in spec order; never throws: a
   * replica that cannot be read is a {@link WalReplicaLag.Read#failed} entry.
   */
  default java.util.Map<String, WalReplicaLag.Read> replicas(BackupPolicy policy) {
    return java.util.Map.of();
  }
}
