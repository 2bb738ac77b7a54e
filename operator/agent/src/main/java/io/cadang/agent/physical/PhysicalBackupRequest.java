package io.cadang.agent.physical;

import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.postgres.PgTarget;
import java.nio.file.Path;

/**
 * What one {@code cadang backup --method physical} run covers.
 *
 * @param source connection to the server (a role with REPLICATION); its database is used for the
 *     pre-flight catalog queries
 * @param backupId the id to use, or null to generate one
 * @param pgBin explicit PostgreSQL tools directory, or null to choose by server version
 * @param compression zstd settings
 */
public record PhysicalBackupRequest(
    PgTarget source, String backupId, Path pgBin, CompressionSettings compression) {}
