package io.cadang.controller.pitr;

import io.cadang.agent.wal.Lsn;
import io.cadang.agent.wal.WalStatus;
import io.cadang.api.v1alpha1.WalReplicaStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far each replica's WAL trails the primary archive, from the replica's own wal/status.json
 * (the streamer writes it there only after the WAL it describes is in the replica). Pure.
 */
public final class WalReplicaLag {
  /** What reading one replica's wal/status.json gave: a report, none yet, or an error line. */
  public record Read(Optional<WalStatus> status, String error) {
    public static Read of(Optional<WalStatus> status) {
      return new Read(status, null);
    }

    public static Read failed(String error) {
      return new Read(Optional.empty(), error);
    }
  }

  private WalReplicaLag() {}

  /**
   * @param primary the primary's report, null when there is none
   * @param replicas by replica name, in spec order
   */
  public static List<WalReplicaStatus> of(WalStatus primary, Map<String, Read> replicas) {
    List<WalReplicaStatus> all = new ArrayList<>();
    replicas.forEach(
        (name, read) -> {
          WalReplicaStatus s = new WalReplicaStatus();
          s.setRepository(name);
          if (read.error() != null) {
            s.setMessage("wal/status.json cannot be read: " + read.error());
          } else if (read.status().isEmpty()) {
            s.setMessage("holds no WAL yet");
          } else {
            WalStatus r = read.status().get();
            s.setArchivedLsn(r.archivedLsn());
            s.setArchivedAt(r.archivedAt() == null ? null : r.archivedAt().toString());
            if (primary != null
                && primary.systemIdentifier() != null
                && !primary.systemIdentifier().equals(r.systemIdentifier())) {
              s.setMessage(
                  "holds WAL of PostgreSQL system "
                      + r.systemIdentifier()
                      + ", the primary of system "
                      + primary.systemIdentifier());
            } else if (primary != null) {
              lag(primary, r, s);
            }
          }
          all.add(s);
        });
    return all;
  }

  /** Replicas whose WAL trails by more than {@code rpo}, or cannot be judged, each as a line. */
  public static List<String> problems(List<WalReplicaStatus> replicas, Duration rpo) {
    List<String> lines = new ArrayList<>();
    for (WalReplicaStatus s : replicas == null ? List.<WalReplicaStatus>of() : replicas) {
      if (s.getMessage() != null) {
        lines.add(s.getRepository() + ": WAL " + s.getMessage());
      } else if (s.getLagSeconds() != null && s.getLagSeconds() > rpo.toSeconds()) {
        lines.add(
            s.getRepository()
                + ": WAL "
                + s.getLagSeconds()
                + " s behind the primary (target RPO "
                + rpo.toSeconds()
                + " s)");
      }
    }
    return lines;
  }

  private static void lag(WalStatus primary, WalStatus replica, WalReplicaStatus s) {
    if (primary.archivedAt() != null && replica.archivedAt() != null) {
      long seconds = Duration.between(replica.archivedAt(), primary.archivedAt()).toSeconds();
      s.setLagSeconds(Math.max(0, seconds));
    }
    if (primary.archivedLsn() != null && replica.archivedLsn() != null) {
      try {
        long bytes =
            Lsn.parse(primary.archivedLsn()).value() - Lsn.parse(replica.archivedLsn()).value();
        s.setLagBytes(Math.max(0, bytes));
      } catch (IllegalArgumentException e) {
        s.setMessage("wal/status.json holds an unreadable position: " + e.getMessage());
      }
    }
  }
}
