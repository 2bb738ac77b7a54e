package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One backup of a policy: created by the schedule, by a user for an on-demand backup, or imported
 * by the operator from a backup found in a repository. Deleting it keeps the backup's data unless
 * the policy's deletionPolicy is Delete or the run carries cadang.io/delete-data: "true"; retention
 * deletes the data of the runs it prunes.
 */
@Group(CadangApi.GROUP)
@Version(CadangApi.VERSION)
@Kind("BackupRun")
@Singular("backuprun")
@Plural("backupruns")
@ShortNames("cbr")
@AdditionalPrinterColumn(
    name = "Policy",
    jsonPath = ".spec.policyRef.name",
    getDescription = "The BackupPolicy this run belongs to")
@AdditionalPrinterColumn(
    name = "Trigger",
    jsonPath = ".spec.trigger",
    getDescription = "Scheduled, Manual or Imported (found in a repository by a sync)")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    getDescription = "Pending, Running, Succeeded or Failed")
@AdditionalPrinterColumn(
    name = "Size",
    jsonPath = ".status.storedBytes",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Stored bytes (compressed and encrypted)")
@AdditionalPrinterColumn(
    name = "Duration",
    jsonPath = ".status.durationSeconds",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Duration in seconds")
@AdditionalPrinterColumn(
    name = "Backup ID",
    jsonPath = ".status.backupId",
    priority = 1,
    getDescription = "The backup's id in the repository")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class BackupRun extends CustomResource<BackupRunSpec, BackupRunStatus>
    implements Namespaced {

  // Overridden only to carry descriptions into the schema: `kubectl explain backuprun.spec`.
  @Override
  @JsonPropertyDescription("Which policy this run executes and why it was created. Immutable.")
  public BackupRunSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Phase, artifacts, sizes, key and failure cause of this backup. Written only by the operator.")
  public BackupRunStatus getStatus() {
    return super.getStatus();
  }
}
