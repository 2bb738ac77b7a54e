package io.cadang.agent.files;

import java.nio.file.Path;

/**
 * @param backupRef a backup id or {@code latest}
 * @param into the directory to restore into (in a Job: the target claim)
 * @param subPath a relative directory under {@code into} to restore into instead, or null
 * @param overwrite allow a non-empty target (files in the backup replace existing ones)
 * @param verifyOnly extract nothing; check the tree already at the target against the index
 */
public record FilesRestoreRequest(
    String backupRef, Path into, String subPath, boolean overwrite, boolean verifyOnly) {}
