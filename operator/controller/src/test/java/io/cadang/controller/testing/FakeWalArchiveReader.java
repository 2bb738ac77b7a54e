package io.cadang.controller.testing;

import io.cadang.agent.wal.WalStatus;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.controller.pitr.WalArchiveReader;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * A WAL archive whose report the test sets: a status, none (the streamer never reported), or a
 * repository failure. Stands in for wal/status.json in the repository.
 */
public final class FakeWalArchiveReader implements WalArchiveReader {
  private volatile WalStatus status;
  private volatile String failure;
  private volatile java.util.Map<String, io.cadang.controller.pitr.WalReplicaLag.Read> replicas =
      java.util.Map.of();

  /** What each replica's wal/status.json holds, by replica name. */
  public void replicas(java.util.Map<String, io.cadang.controller.pitr.WalReplicaLag.Read> reads) {
    this.replicas = reads;
  }

  @Override
  public java.util.Map<String, io.cadang.controller.pitr.WalReplicaLag.Read> replicas(
      BackupPolicy policy) {
    return replicas;
  }

  public void report(WalStatus status) {
    this.status = status;
    this.failure = null;
  }

  public void nothing() {
    this.status = null;
    this.failure = null;
  }

  public void fail(String message) {
    this.failure = message;
  }

  @Override
  public Optional<WalStatus> read(BackupPolicy policy) throws IOException {
    if (failure != null) {
      throw new IOException(failure);
    }
    return Optional.ofNullable(status);
  }

  /** A healthy report: archived up to {@code archivedAt}, reported at {@code updatedAt}. */
  public static WalStatus healthy(String archivedAt, String updatedAt) {
    return new WalStatus(
        1,
        "7312000000000000001",
        "cadang_orders",
        1,
        "000000010000000000000007",
        "0/7A3F000",
        Instant.parse(archivedAt),
        "0/7A3F0D8",
        Instant.parse(updatedAt),
        10,
        null,
        null);
  }
}
