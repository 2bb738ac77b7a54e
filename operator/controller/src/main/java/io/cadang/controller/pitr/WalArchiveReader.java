package io.cadang.controller.pitr;

import io.cadang.agent.wal.WalStatus;
import io.cadang.api.v1alpha1.BackupPolicy;
import java.io.IOException;
import java.util.Optional;

/** Reads what a policy's WAL streamer last reported, from the policy's primary repository. */
public interface WalArchiveReader {
  /** Empty when the streamer has not reported yet; IOException when the repository fails. */
  Optional<WalStatus> read(BackupPolicy policy) throws IOException;
}
