package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a secret, configMap, downwardAPI or projected volume, as the kubelet lays them out:
 * every key as a file, or only the listed items at their paths; modes from the item, else the
 * volume's defaultMode, else 0644. Pure given the lookup.
 */
final class VolumeContents {
  static final int DEFAULT_MODE = 0644;
  static final long DEFAULT_TOKEN_SECONDS = 3600;

  private VolumeContents() {}

  /** One file: relative path → bytes and permission bits. */
  record FileContent(byte[] data, int mode) {
    String text() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  /** The files of the volume; empty for emptyDir, claims and hostPath (they hold data, not API). */
  static Map<String, FileContent> files(
      Pod pod,
      Volume volume,
      String nodeName,
      Map<String, Quantity> allocatable,
      ObjectLookup lookup)
      throws ContainerConfigException {
    Map<String, FileContent> files = new LinkedHashMap<>();
    String ns = pod.getMetadata().getNamespace();
    if (volume.getSecret() != null) {
      SecretVolumeSource s = volume.getSecret();
      int mode = mode(s.getDefaultMode(), DEFAULT_MODE);
      Secret secret = lookup.secret(ns, s.getSecretName());
      if (secret == null && !Boolean.TRUE.equals(s.getOptional())) {
        throw new ContainerConfigException("secret \"" + s.getSecretName() + "\" not found");
      }
      if (secret != null) {
        addKeys(files, bytes(secret), s.getItems(), mode, "Secret " + s.getSecretName());
      }
    } else if (volume.getConfigMap() != null) {
      ConfigMapVolumeSource c = volume.getConfigMap();
      int mode = mode(c.getDefaultMode(), DEFAULT_MODE);
      ConfigMap map = lookup.configMap(ns, c.getName());
      if (map == null && !Boolean.TRUE.equals(c.getOptional())) {
        throw new ContainerConfigException("configmap \"" + c.getName() + "\" not found");
      }
      if (map != null) {
        addKeys(files, bytes(map), c.getItems(), mode, "ConfigMap " + c.getName());
      }
    } else if (volume.getDownwardAPI() != null) {
      int mode = mode(volume.getDownwardAPI().getDefaultMode(), DEFAULT_MODE);
      addDownward(files, pod, nodeName, allocatable, volume.getDownwardAPI().getItems(), mode);
    } else if (volume.getProjected() != null) {
      int mode = mode(volume.getProjected().getDefaultMode(), DEFAULT_MODE);
      for (VolumeProjection p : volume.getProjected().getSources()) {
        addProjection(files, pod, nodeName, allocatable, lookup, p, mode);
      }
    }
    return files;
  }

  private static void addProjection(
      Map<String, FileContent> files,
      Pod pod,
      String nodeName,
      Map<String, Quantity> allocatable,
      ObjectLookup lookup,
      VolumeProjection p,
      int mode)
      throws ContainerConfigException {
    String ns = pod.getMetadata().getNamespace();
    if (p.getServiceAccountToken() != null) {
      ServiceAccountTokenProjection t = p.getServiceAccountToken();
      long seconds =
          t.getExpirationSeconds() == null ? DEFAULT_TOKEN_SECONDS : t.getExpirationSeconds();
      String sa = pod.getSpec().getServiceAccountName();
      String token =
          lookup.serviceAccountToken(
              ns,
              sa == null ? "default" : sa,
              pod.getMetadata().getName(),
              pod.getMetadata().getUid(),
              t.getAudience(),
              seconds);
      files.put(t.getPath(), new FileContent(token.getBytes(StandardCharsets.UTF_8), mode));
    } else if (p.getSecret() != null) {
      SecretProjection s = p.getSecret();
      Secret secret = lookup.secret(ns, s.getName());
      if (secret == null && !Boolean.TRUE.equals(s.getOptional())) {
        throw new ContainerConfigException("secret \"" + s.getName() + "\" not found");
      }
      if (secret != null) {
        addKeys(files, bytes(secret), s.getItems(), mode, "Secret " + s.getName());
      }
    } else if (p.getConfigMap() != null) {
      ConfigMapProjection c = p.getConfigMap();
      ConfigMap map = lookup.configMap(ns, c.getName());
      if (map == null && !Boolean.TRUE.equals(c.getOptional())) {
        throw new ContainerConfigException("configmap \"" + c.getName() + "\" not found");
      }
      if (map != null) {
        addKeys(files, bytes(map), c.getItems(), mode, "ConfigMap " + c.getName());
      }
    } else if (p.getDownwardAPI() != null) {
      addDownward(files, pod, nodeName, allocatable, p.getDownwardAPI().getItems(), mode);
    } else {
      throw new ContainerConfigException(
          "a projected volume source the local node stand-in does not support");
    }
  }

  private static void addKeys(
      Map<String, FileContent> files,
      Map<String, byte[]> data,
      List<KeyToPath> items,
      int mode,
      String what)
      throws ContainerConfigException {
    if (items == null || items.isEmpty()) {
      data.forEach((k, v) -> files.put(k, new FileContent(v, mode)));
      return;
    }
    for (KeyToPath item : items) {
      byte[] value = data.get(item.getKey());
      if (value == null) {
        throw new ContainerConfigException("couldn't find key " + item.getKey() + " in " + what);
      }
      files.put(item.getPath(), new FileContent(value, mode(item.getMode(), mode)));
    }
  }

  private static void addDownward(
      Map<String, FileContent> files,
      Pod pod,
      String nodeName,
      Map<String, Quantity> allocatable,
      List<DownwardAPIVolumeFile> items,
      int mode)
      throws ContainerConfigException {
    if (items == null) {
      return;
    }
    for (DownwardAPIVolumeFile item : items) {
      String value;
      if (item.getFieldRef() != null) {
        String path = item.getFieldRef().getFieldPath();
        value =
            path.equals("metadata.labels") || path.equals("metadata.annotations")
                ? keyValueLines(
                    path.equals("metadata.labels")
                        ? pod.getMetadata().getLabels()
                        : pod.getMetadata().getAnnotations())
                : FieldPaths.value(pod, nodeName, path);
      } else if (item.getResourceFieldRef() != null) {
        value =
            ContainerEnv.resource(
                item.getResourceFieldRef(),
                container(pod, item.getResourceFieldRef().getContainerName()),
                allocatable);
      } else {
        continue;
      }
      files.put(
          item.getPath(),
          new FileContent(value.getBytes(StandardCharsets.UTF_8), mode(item.getMode(), mode)));
    }
  }

  private static io.fabric8.kubernetes.api.model.Container container(Pod pod, String name) {
    return pod.getSpec().getContainers().stream()
        .filter(c -> name == null || c.getName().equals(name))
        .findFirst()
        .orElse(pod.getSpec().getContainers().get(0));
  }

  private static String keyValueLines(Map<String, String> map) {
    StringBuilder out = new StringBuilder();
    if (map != null) {
      map.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> out.append(e.getKey()).append("=\"").append(e.getValue()).append("\"\n"));
    }
    return out.toString();
  }

  private static Map<String, byte[]> bytes(Secret secret) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> out.put(k, Base64.getDecoder().decode(v)));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static Map<String, byte[]> bytes(ConfigMap map) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    if (map.getData() != null) {
      map.getData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    if (map.getBinaryData() != null) {
      map.getBinaryData().forEach((k, v) -> out.put(k, Base64.getDecoder().decode(v)));
    }
    return out;
  }

  private static int mode(Integer mode, int fallback) {
    return mode == null ? fallback : mode;
  }
}
