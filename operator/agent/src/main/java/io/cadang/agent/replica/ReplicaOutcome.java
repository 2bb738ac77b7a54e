package io.cadang.agent.replica;

import java.util.List;

/**
 * How one replica fared in one run; becomes an entry of the result JSON's {@code replicas}.
 *
 * @param name the replica's name
 * @param state {@link #REPLICATED} or {@link #FAILED} for the run's own backup (or, for {@code
 *     cadang replicate}, for every backup asked for)
 * @param message one secret-free line: what was verified, or what failed
 * @param objects objects transferred to the replica (manifests included)
 * @param bytes stored bytes transferred
 * @param skipped objects found already present and correct (read back, not copied)
 * @param repaired objects found wrong in the replica and copied again
 * @param caughtUp after a backup: older backups copied by its catch-up, oldest first; for {@code
 *     cadang replicate}: every backup copied and verified
 * @param behind backups of the primary still missing in the replica after this run (-1: unknown)
 */
public record ReplicaOutcome(
    String name,
    String state,
    String message,
    int objects,
    long bytes,
    int skipped,
    int repaired,
    List<String> caughtUp,
    int behind) {
  public static final String REPLICATED = "Replicated";
  public static final String FAILED = "Failed";

  public boolean replicated() {
    return REPLICATED.equals(state);
  }
}
