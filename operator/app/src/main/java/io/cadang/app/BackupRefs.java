package io.cadang.app;

/** The backup a restore reads: the positional BACKUP or --backup-id (the Job form), exactly one. */
final class BackupRefs {
  private BackupRefs() {}

  static String pick(String positional, String option) {
    if (positional != null && option != null && !positional.equals(option)) {
      throw new IllegalArgumentException(
          "give the backup either as BACKUP or as --backup-id, not both ('"
              + positional
              + "' and '"
              + option
              + "')");
    }
    String ref = positional != null ? positional : option;
    if (ref == null) {
      throw new IllegalArgumentException(
          "which backup? give its id (or 'latest') as BACKUP or --backup-id");
    }
    return ref;
  }
}
