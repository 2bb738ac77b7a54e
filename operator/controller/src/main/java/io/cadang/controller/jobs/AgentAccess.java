package io.cadang.controller.jobs;

import io.cadang.api.v1alpha1.JobTemplate;
import io.cadang.controller.runtime.OperatorSettings;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a policy author may choose for the pods the operator starts on their behalf. The operator's
 * own permissions create the Jobs, so a free choice of image or service account would let anyone
 * who may edit a BackupPolicy run any code as any account of the namespace. The image is the
 * operator's configured agent image or one an admin listed (the chart's {@code
 * allowedAgentImages}); a service account other than the chart's agent account must carry the label
 * {@value #AGENT_LABEL}{@code =true}, which only someone allowed to edit ServiceAccounts can set.
 */
public final class AgentAccess {
  public static final String AGENT_LABEL = "cadang.io/agent";

  private AgentAccess() {}

  /** The first refusal of the policy's job template, looking its service account up. */
  public static Optional<String> refusal(
      io.fabric8.kubernetes.client.KubernetesClient client,
      io.cadang.api.v1alpha1.BackupPolicy policy,
      OperatorSettings settings) {
    JobTemplate template = policy.getSpec() == null ? null : policy.getSpec().getJob();
    String ns = policy.getMetadata().getNamespace();
    return imageRefusal(template, settings)
        .or(
            () ->
                serviceAccountRefusal(
                    template,
                    settings,
                    name ->
                        Optional.ofNullable(
                            client.serviceAccounts().inNamespace(ns).withName(name).get())));
  }

  /** Empty when the template's image may run; otherwise why not, naming the field. */
  public static Optional<String> imageRefusal(JobTemplate template, OperatorSettings settings) {
    String image = template == null ? null : template.getImage();
    if (image == null
        || image.isBlank()
        || image.equals(settings.agentImage())
        || settings.allowedAgentImages().contains(image)) {
      return Optional.empty();
    }
    return Optional.of(
        "spec.job.image: '"
            + image
            + "' is not allowed: agent pods run the operator's image ("
            + settings.agentImage()
            + ")"
            + (settings.allowedAgentImages().isEmpty()
                ? ""
                : " or one of "
                    + String.join(", ", settings.allowedAgentImages().stream().sorted().toList()))
            + "; an admin lists others in the chart's allowedAgentImages");
  }

  /**
   * Empty when the template's service account may run agent pods.
   *
   * @param accounts looks a ServiceAccount of the policy's namespace up by name
   */
  public static Optional<String> serviceAccountRefusal(
      JobTemplate template,
      OperatorSettings settings,
      Function<String, Optional<ServiceAccount>> accounts) {
    String name = template == null ? null : template.getServiceAccountName();
    if (name == null || name.isBlank() || name.equals(settings.agentServiceAccount())) {
      return Optional.empty();
    }
    Optional<ServiceAccount> account = accounts.apply(name);
    if (account.isEmpty()) {
      return Optional.of(
          "spec.job.serviceAccountName: ServiceAccount '" + name + "' does not exist");
    }
    Map<String, String> labels = account.get().getMetadata().getLabels();
    if (labels != null && "true".equals(labels.get(AGENT_LABEL))) {
      return Optional.empty();
    }
    return Optional.of(
        "spec.job.serviceAccountName: ServiceAccount '"
            + name
            + "' is not marked for Cadang agent pods; an admin who may edit it labels it "
            + AGENT_LABEL
            + "=true");
  }
}
