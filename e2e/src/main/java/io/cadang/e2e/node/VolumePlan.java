package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which host path is bind-mounted where inside one container's private mount namespace: its
 * volumeMounts (with subPath and readOnly) and its termination-message file. Pure: it decides
 * paths, {@link VolumeWriter} fills them, {@link ContainerLauncher} mounts them.
 */
final class VolumePlan {
  static final String DEFAULT_TERMINATION_PATH = "/dev/termination-log";

  private VolumePlan() {}

  /**
   * One bind mount.
   *
   * @param file the source is a file (the mount point is created as an empty file, not a directory)
   */
  record Mount(Path source, String target, boolean readOnly, boolean file) {}

  static List<Mount> mounts(Pod pod, Container container, NodeDirs dirs, Map<String, String> env)
      throws ContainerConfigException {
    List<Mount> mounts = new ArrayList<>();
    if (container.getVolumeMounts() != null) {
      for (VolumeMount vm : container.getVolumeMounts()) {
        Volume volume = volume(pod, vm.getName());
        Path source = source(pod, volume, dirs);
        String sub = vm.getSubPath();
        if (vm.getSubPathExpr() != null && !vm.getSubPathExpr().isEmpty()) {
          sub = VarExpansion.expand(vm.getSubPathExpr(), env::get);
        }
        if (sub != null && !sub.isEmpty()) {
          if (sub.startsWith("/") || List.of(sub.split("/")).contains("..")) {
            throw new ContainerConfigException("subPath " + sub + " must be a relative path");
          }
          source = source.resolve(sub);
        }
        boolean readOnly = Boolean.TRUE.equals(vm.getReadOnly()) || isAlwaysReadOnly(volume);
        mounts.add(new Mount(source, vm.getMountPath(), readOnly, false));
      }
    }
    String terminationPath =
        container.getTerminationMessagePath() == null
            ? DEFAULT_TERMINATION_PATH
            : container.getTerminationMessagePath();
    mounts.add(
        new Mount(
            dirs.terminationLog(pod.getMetadata().getUid(), container.getName()),
            terminationPath,
            false,
            true));
    // Parents before children, so /var/run/secrets/x lands inside a volume mounted at /var/run.
    mounts.sort(Comparator.comparingInt(m -> Path.of(m.target()).getNameCount()));
    return mounts;
  }

  /** The host directory behind a volume; a claim's directory outlives the pod. */
  static Path source(Pod pod, Volume volume, NodeDirs dirs) throws ContainerConfigException {
    if (volume.getPersistentVolumeClaim() != null) {
      return dirs.claim(
          pod.getMetadata().getNamespace(), volume.getPersistentVolumeClaim().getClaimName());
    }
    if (volume.getHostPath() != null) {
      return Path.of(volume.getHostPath().getPath());
    }
    if (volume.getEmptyDir() != null
        || volume.getSecret() != null
        || volume.getConfigMap() != null
        || volume.getProjected() != null
        || volume.getDownwardAPI() != null) {
      return dirs.volume(pod.getMetadata().getUid(), volume.getName());
    }
    throw new ContainerConfigException(
        "volume " + volume.getName() + " has a type the local node stand-in does not support");
  }

  /** The kubelet mounts API-object volumes read-only whatever the volumeMount says. */
  static boolean isAlwaysReadOnly(Volume volume) {
    return volume.getSecret() != null
        || volume.getConfigMap() != null
        || volume.getProjected() != null
        || volume.getDownwardAPI() != null;
  }

  static Volume volume(Pod pod, String name) throws ContainerConfigException {
    if (pod.getSpec().getVolumes() != null) {
      for (Volume v : pod.getSpec().getVolumes()) {
        if (v.getName().equals(name)) {
          return v;
        }
      }
    }
    throw new ContainerConfigException("volumeMount " + name + " names no volume of the pod");
  }
}
