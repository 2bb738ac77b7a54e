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

/** A restore of a backup into a PostgreSQL server, or a drill that rehearses one. */
@Group(CadangApi.GROUP)
@Version(CadangApi.VERSION)
@Kind("RestoreRequest")
@Singular("restorerequest")
@Plural("restorerequests")
@ShortNames("crr")
@AdditionalPrinterColumn(
    name = "Source",
    jsonPath = ".status.resolvedBackupRun",
    getDescription = "The BackupRun restored")
@AdditionalPrinterColumn(
    name = "Policy",
    jsonPath = ".spec.source.policy",
    priority = 1,
    getDescription = "The policy whose newest backup is restored")
@AdditionalPrinterColumn(
    name = "Target",
    jsonPath = ".spec.target.database.host",
    getDescription = "Target server")
@AdditionalPrinterColumn(
    name = "Claim",
    jsonPath = ".spec.target.dataDirectory.claimName",
    priority = 1,
    getDescription = "Target PersistentVolumeClaim (physical restores to a new server)")
@AdditionalPrinterColumn(
    name = "Mode",
    jsonPath = ".spec.mode",
    priority = 1,
    getDescription = "Restore or Drill")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    getDescription = "Pending, Running, Succeeded or Failed")
@AdditionalPrinterColumn(
    name = "Recovered To",
    jsonPath = ".status.recoveredTo",
    getDescription = "The point the data was recovered to")
@AdditionalPrinterColumn(
    name = "Duration",
    jsonPath = ".status.durationSeconds",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1,
    getDescription = "Measured restore time in seconds (RTO)")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class RestoreRequest extends CustomResource<RestoreRequestSpec, RestoreRequestStatus>
    implements Namespaced {

  // Overridden only to carry descriptions into the schema: `kubectl explain restorerequest.spec`.
  @Override
  @JsonPropertyDescription("What to restore, where to, and how. Immutable.")
  public RestoreRequestSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Phase, steps, verification results and measured duration of this restore. Written only by the operator.")
  public RestoreRequestStatus getStatus() {
    return super.getStatus();
  }
}
