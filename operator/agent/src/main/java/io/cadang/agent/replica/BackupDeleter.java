package io.cadang.agent.replica;

import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.repository.Repository;
import java.io.IOException;

/**
 * Deletes one backup from one repository (primary or replica). The manifest goes first: a backup
 * whose manifest is gone no longer exists for {@code cadang list}, a restore or a replica catch-up,
 * so an interrupted deletion never leaves something that looks complete but is not. Deleting a
 * backup that is already gone is not an error, so a retry after a failure is safe.
 */
public final class BackupDeleter {
  private BackupDeleter() {}

  /** Returns the number of objects deleted (the manifest counts when it existed). */
  public static int delete(Repository repository, String backupId) throws IOException {
    BackupLayout.requireValidId(backupId);
    String manifest = BackupLayout.manifestKey(backupId);
    String prefix = BackupLayout.ROOT + backupId + "/";
    int deleted = 0;
    if (repository.list(prefix).contains(manifest)) {
      repository.delete(manifest);
      deleted++;
    }
    for (String key : repository.list(prefix)) {
      repository.delete(key);
      deleted++;
    }
    return deleted;
  }
}
