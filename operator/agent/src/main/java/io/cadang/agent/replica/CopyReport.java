package io.cadang.agent.replica;

/**
 * What copying one backup to one replica did.
 *
 * @param backupId the backup
 * @param copied objects transferred (manifest included), whether new or replacing a bad copy
 * @param skipped objects already present with the right size and SHA-256 (verified, not copied)
 * @param repaired objects that were present but wrong (size or SHA-256) and were copied again
 * @param bytesCopied stored bytes transferred
 */
public record CopyReport(
    String backupId, int copied, int skipped, int repaired, long bytesCopied) {}
