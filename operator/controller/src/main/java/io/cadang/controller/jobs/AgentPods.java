package io.cadang.controller.jobs;

import io.cadang.api.v1alpha1.JobTemplate;
import io.cadang.controller.runtime.OperatorSettings;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;
import java.util.Map;

/**
 * The pod of every agent Job (backup or restore), as a pure function: one {@code agent} container
 * running {@code cadang}, locked down by {@link AgentContainers}, placed and sized from the
 * policy's {@code spec.job}, writing its result to the termination-message file.
 */
final class AgentPods {
  private AgentPods() {}

  /**
   * @param scratch also mount an emptyDir at {@link AgentContainers#SCRATCH_MOUNT} (restores stage
   *     verified dumps there; the root filesystem is read-only)
   */
  static PodTemplateSpec template(
      JobTemplate template,
      OperatorSettings settings,
      Map<String, String> podLabels,
      List<String> args,
      List<EnvVar> env,
      boolean scratch) {
    // The last line of defence: whatever path builds a pod, it never runs an image not allowed.
    AgentAccess.imageRefusal(template, settings)
        .ifPresent(
            refusal -> {
              throw new IllegalArgumentException(refusal);
            });
    ContainerBuilder agent =
        new ContainerBuilder()
            .withName("agent")
            .withImage(template.getImage() != null ? template.getImage() : settings.agentImage())
            .withCommand("cadang")
            .withArgs(args)
            .withEnv(env)
            .withResources(template.getResources())
            .withSecurityContext(AgentContainers.containerSecurity())
            .withTerminationMessagePath(AgentContainers.RESULT_FILE)
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .addToVolumeMounts(
                new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
    if (scratch) {
      agent.addToVolumeMounts(
          new VolumeMountBuilder()
              .withName("scratch")
              .withMountPath(AgentContainers.SCRATCH_MOUNT)
              .build());
    }
    PodTemplateSpecBuilder pod =
        new PodTemplateSpecBuilder()
            .withNewMetadata()
            .withLabels(podLabels)
            .withAnnotations(template.getPodAnnotations())
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .withServiceAccountName(
                template.getServiceAccountName() != null
                    ? template.getServiceAccountName()
                    : settings.agentServiceAccount())
            .withSecurityContext(AgentContainers.podSecurity())
            .withNodeSelector(template.getNodeSelector())
            .withTolerations(template.getTolerations())
            .withAffinity(template.getAffinity())
            .withContainers(agent.build())
            .addToVolumes(
                new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build())
            .endSpec();
    if (scratch) {
      pod.editSpec()
          .addToVolumes(
              new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build())
          .endSpec();
    }
    return pod.build();
  }

  /** Caps the scratch emptyDir: the kubelet evicts the pod rather than fill the node's disk. */
  static void limitScratch(PodTemplateSpec pod, Quantity limit) {
    pod.getSpec().getVolumes().stream()
        .filter(v -> "scratch".equals(v.getName()))
        .forEach(v -> v.getEmptyDir().setSizeLimit(limit));
  }

  /** Adds a PersistentVolumeClaim volume and its mount in the agent container. */
  static void mountClaim(
      PodTemplateSpec pod, String volume, String claim, String path, boolean readOnly) {
    pod.getSpec()
        .getVolumes()
        .add(
            new VolumeBuilder()
                .withName(volume)
                .withNewPersistentVolumeClaim()
                .withClaimName(claim)
                .withReadOnly(readOnly ? Boolean.TRUE : null)
                .endPersistentVolumeClaim()
                .build());
    pod.getSpec()
        .getContainers()
        .get(0)
        .getVolumeMounts()
        .add(
            new VolumeMountBuilder()
                .withName(volume)
                .withMountPath(path)
                .withReadOnly(readOnly ? Boolean.TRUE : null)
                .build());
  }
}
