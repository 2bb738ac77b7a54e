package io.cadang.agent.configs;

import io.cadang.agent.pipeline.CompressionSettings;

/**
 * What one {@code cadang backup --configs} run covers.
 *
 * @param selection the objects to export
 * @param backupId the id to use, or null to generate one
 * @param git where to commit the non-secret objects, or null for the archive only
 * @param gitCredentials credentials for {@code git} (from the environment)
 * @param compression zstd settings for the archive
 */
public record ConfigBackupRequest(
    ConfigSelection selection,
    String backupId,
    GitTarget git,
    GitCredentials gitCredentials,
    CompressionSettings compression) {}
