package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Fills the host directories behind a pod's volumes before its containers start: API-object volumes
 * get their files (rewritten whole), emptyDirs and claims get their directory. Claims' directories
 * are never emptied: they stand for a disk that outlives the pod.
 */
final class VolumeWriter {
  private VolumeWriter() {}

  static void prepare(
      Pod pod,
      NodeDirs dirs,
      String nodeName,
      Map<String, Quantity> allocatable,
      ObjectLookup lookup)
      throws ContainerConfigException, IOException {
    String uid = pod.getMetadata().getUid();
    Files.createDirectories(dirs.pod(uid));
    for (var c : pod.getSpec().getContainers()) {
      touch(dirs.terminationLog(uid, c.getName()));
    }
    if (pod.getSpec().getInitContainers() != null) {
      for (var c : pod.getSpec().getInitContainers()) {
        touch(dirs.terminationLog(uid, c.getName()));
      }
    }
    if (pod.getSpec().getVolumes() == null) {
      return;
    }
    for (Volume volume : pod.getSpec().getVolumes()) {
      Path dir = VolumePlan.source(pod, volume, dirs);
      if (volume.getHostPath() != null) {
        continue;
      }
      Files.createDirectories(dir);
      if (volume.getEmptyDir() != null) {
        // As the kubelet makes them: writable by whichever user the containers run as.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      }
      Map<String, VolumeContents.FileContent> files =
          VolumeContents.files(pod, volume, nodeName, allocatable, lookup);
      if (!VolumePlan.isAlwaysReadOnly(volume)) {
        continue;
      }
      clear(dir);
      for (var e : files.entrySet()) {
        Path file = dir.resolve(e.getKey()).normalize();
        if (!file.startsWith(dir)) {
          throw new ContainerConfigException(
              "volume " + volume.getName() + " item path " + e.getKey() + " leaves the volume");
        }
        Files.createDirectories(file.getParent());
        Files.write(file, e.getValue().data());
        Files.setPosixFilePermissions(file, permissions(e.getValue().mode()));
      }
    }
  }

  /** Removes the pod's own directories (not its claims, not its logs). */
  static void remove(String podUid, NodeDirs dirs) throws IOException {
    Path dir = dirs.pod(podUid);
    if (Files.exists(dir)) {
      clear(dir);
      Files.deleteIfExists(dir);
    }
  }

  private static void touch(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[0]);
  }

  private static void clear(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir)) {
          Files.delete(p);
        }
      }
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }
}
