package io.cadang.api.v1alpha1;

/** API group and version of the Cadang custom resources. */
public final class CadangApi {
  public static final String GROUP = "cadang.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /**
   * On a BackupRun: delete the backup's data from every repository of its policy when the run is
   * deleted, whatever the policy's deletionPolicy. {@code "true"} is set by a person (the chart's
   * admission policy reserves it to users allowed to {@code purge} backupruns), {@value
   * #DELETE_DATA_BY_RETENTION} by retention.
   */
  public static final String DELETE_DATA_ANNOTATION = "cadang.io/delete-data";

  public static final String DELETE_DATA_BY_RETENTION = "retention";

  /**
   * On a BackupRun retention would delete: the Object Lock retain-until date of its backup in the
   * primary repository; retention deletes the run after it.
   */
  public static final String LOCKED_UNTIL_ANNOTATION = "cadang.io/locked-until";

  /** On a RestoreRequest the operator created for spec.drills: the policy whose drill it is. */
  public static final String DRILL_OF_LABEL = "cadang.io/drill-of";

  private CadangApi() {}
}
