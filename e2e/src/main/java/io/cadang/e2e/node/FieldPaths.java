package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The downward API's {@code fieldRef} paths, read from the pod as this node runs it (every pod's IP
 * and host IP are 127.0.0.1: processes share the machine's network).
 */
final class FieldPaths {
  static final String POD_IP = "127.0.0.1";
  private static final Pattern MAP_KEY =
      Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");

  private FieldPaths() {}

  static String value(Pod pod, String nodeName, String fieldPath) throws ContainerConfigException {
    switch (fieldPath) {
      case "metadata.name":
        return pod.getMetadata().getName();
      case "metadata.namespace":
        return pod.getMetadata().getNamespace();
      case "metadata.uid":
        return pod.getMetadata().getUid();
      case "spec.nodeName":
        return nodeName;
      case "spec.serviceAccountName":
        return pod.getSpec().getServiceAccountName();
      case "status.podIP":
      case "status.podIPs":
      case "status.hostIP":
      case "status.hostIPs":
        return POD_IP;
      default:
        Matcher key = MAP_KEY.matcher(fieldPath);
        if (key.matches()) {
          Map<String, String> map =
              key.group(1).equals("labels")
                  ? pod.getMetadata().getLabels()
                  : pod.getMetadata().getAnnotations();
          return map == null ? "" : map.getOrDefault(key.group(2), "");
        }
        throw new ContainerConfigException("unsupported fieldRef fieldPath " + fieldPath);
    }
  }
}
