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

/** What to back up, when, where to, how it is protected and how long it is kept. */
@Group(CadangApi.GROUP)
@Version(CadangApi.VERSION)
@Kind("BackupPolicy")
@Singular("backuppolicy")
@Plural("backuppolicies")
@ShortNames("cbp")
@AdditionalPrinterColumn(
    name = "Schedule",
    jsonPath = ".spec.schedule",
    getDescription = "Cron schedule")
@AdditionalPrinterColumn(
    name = "TZ",
    jsonPath = ".spec.timeZone",
    priority = 1,
    getDescription = "Time zone of the schedule")
@AdditionalPrinterColumn(
    name = "Method",
    jsonPath = ".spec.method",
    priority = 1,
    getDescription = "Logical or Physical")
@AdditionalPrinterColumn(
    name = "Suspend",
    jsonPath = ".spec.suspend",
    type = AdditionalPrinterColumn.Type.BOOLEAN,
    priority = 1,
    getDescription = "Whether scheduling is suspended")
@AdditionalPrinterColumn(
    name = "Last Success",
    jsonPath = ".status.lastSuccessTime",
    type = AdditionalPrinterColumn.Type.DATE,
    getDescription = "When the newest successful backup completed")
@AdditionalPrinterColumn(
    name = "Next Run",
    jsonPath = ".status.nextScheduleTime",
    getDescription = "The next schedule slot")
@AdditionalPrinterColumn(
    name = "Restorable To",
    jsonPath = ".status.recoveryWindow.latest",
    priority = 1,
    getDescription = "Latest point a point-in-time restore can reach")
@AdditionalPrinterColumn(
    name = "WAL",
    jsonPath = ".status.conditions[?(@.type==\"WalArchiving\")].reason",
    priority = 1,
    getDescription = "Reason of the WalArchiving condition (pitr only)")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    getDescription = "Status of the Ready condition")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class BackupPolicy extends CustomResource<BackupPolicySpec, BackupPolicyStatus>
    implements Namespaced {

  // Overridden only to carry descriptions into the schema: `kubectl explain backuppolicy.spec`.
  @Override
  @JsonPropertyDescription(
      "What to back up, when, where to, how it is protected and how long it is kept.")
  public BackupPolicySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator observed: conditions, last and next schedule, last success and failure. Written only by the operator.")
  public BackupPolicyStatus getStatus() {
    return super.getStatus();
  }
}
