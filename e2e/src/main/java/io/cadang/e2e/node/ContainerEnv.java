package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A container's environment the way the kubelet computes it: the variables the kubelet adds
 * (KUBERNETES_SERVICE_HOST/PORT), then {@code envFrom} in order, then {@code env}, later entries
 * winning; {@code $(VAR)} in an {@code env} value expands from the variables defined before it. The
 * image's own environment is not part of this map (it is not visible to {@code $(VAR)}); the
 * launcher lays this map over it.
 */
final class ContainerEnv {
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

  private ContainerEnv() {}

  /**
   * @param apiServerPort the port the pods reach the API server on, at 127.0.0.1
   * @param allocatable the node's capacity, for resourceFieldRef of a container without limits
   */
  static Map<String, String> resolve(
      Pod pod,
      Container container,
      String nodeName,
      int apiServerPort,
      Map<String, Quantity> allocatable,
      ObjectLookup lookup)
      throws ContainerConfigException {
    String ns = pod.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KUBERNETES_SERVICE_HOST", FieldPaths.POD_IP);
    env.put("KUBERNETES_SERVICE_PORT", Integer.toString(apiServerPort));
    env.put("KUBERNETES_SERVICE_PORT_HTTPS", Integer.toString(apiServerPort));
    if (container.getEnvFrom() != null) {
      for (EnvFromSource from : container.getEnvFrom()) {
        addAll(env, from, ns, lookup);
      }
    }
    if (container.getEnv() != null) {
      for (EnvVar var : container.getEnv()) {
        if (var.getValueFrom() == null) {
          Map<String, String> before = env;
          env.put(
              var.getName(),
              var.getValue() == null ? "" : VarExpansion.expand(var.getValue(), before::get));
          continue;
        }
        String value = valueFrom(var.getValueFrom(), pod, container, nodeName, allocatable, lookup);
        if (value != null) {
          env.put(var.getName(), value);
        }
      }
    }
    return env;
  }

  private static void addAll(
      Map<String, String> env, EnvFromSource from, String ns, ObjectLookup lookup)
      throws ContainerConfigException {
    String prefix = from.getPrefix() == null ? "" : from.getPrefix();
    Map<String, String> values;
    if (from.getSecretRef() != null) {
      String name = from.getSecretRef().getName();
      Secret secret = lookup.secret(ns, name);
      if (secret == null) {
        if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
          return;
        }
        throw new ContainerConfigException("secret \"" + name + "\" not found");
      }
      values = decoded(secret);
    } else if (from.getConfigMapRef() != null) {
      String name = from.getConfigMapRef().getName();
      ConfigMap map = lookup.configMap(ns, name);
      if (map == null) {
        if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
          return;
        }
        throw new ContainerConfigException("configmap \"" + name + "\" not found");
      }
      values = map.getData() == null ? Map.of() : map.getData();
    } else {
      return;
    }
    // Keys that are not valid variable names are skipped, as the kubelet does.
    values.forEach(
        (k, v) -> {
          if (ENV_NAME.matcher(prefix + k).matches()) {
            env.put(prefix + k, v);
          }
        });
  }

  /** The value, or null when an optional reference is missing (the variable is then unset). */
  private static String valueFrom(
      EnvVarSource source,
      Pod pod,
      Container container,
      String nodeName,
      Map<String, Quantity> allocatable,
      ObjectLookup lookup)
      throws ContainerConfigException {
    String ns = pod.getMetadata().getNamespace();
    if (source.getSecretKeyRef() != null) {
      SecretKeySelector ref = source.getSecretKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Secret secret = lookup.secret(ns, ref.getName());
      if (secret == null) {
        if (optional) {
          return null;
        }
        throw new ContainerConfigException("secret \"" + ref.getName() + "\" not found");
      }
      String value = decoded(secret).get(ref.getKey());
      if (value == null && !optional) {
        throw new ContainerConfigException(
            "couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
      }
      return value;
    }
    if (source.getConfigMapKeyRef() != null) {
      ConfigMapKeySelector ref = source.getConfigMapKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      ConfigMap map = lookup.configMap(ns, ref.getName());
      if (map == null) {
        if (optional) {
          return null;
        }
        throw new ContainerConfigException("configmap \"" + ref.getName() + "\" not found");
      }
      String value = map.getData() == null ? null : map.getData().get(ref.getKey());
      if (value == null && !optional) {
        throw new ContainerConfigException(
            "couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
      }
      return value;
    }
    if (source.getFieldRef() != null) {
      return FieldPaths.value(pod, nodeName, source.getFieldRef().getFieldPath());
    }
    if (source.getResourceFieldRef() != null) {
      return resource(source.getResourceFieldRef(), container, allocatable);
    }
    throw new ContainerConfigException("unsupported valueFrom in env of " + container.getName());
  }

  /**
   * limits.* and requests.* of the container, divided by the divisor and rounded up; a missing
   * limit is the node's allocatable amount, as on a kubelet.
   */
  static String resource(
      ResourceFieldSelector ref, Container container, Map<String, Quantity> allocatable)
      throws ContainerConfigException {
    String field = ref.getResource();
    int dot = field.indexOf('.');
    if (dot < 0) {
      throw new ContainerConfigException("unsupported resourceFieldRef " + field);
    }
    String kind = field.substring(0, dot);
    String name = field.substring(dot + 1);
    Map<String, Quantity> declared = null;
    if (container.getResources() != null) {
      declared =
          kind.equals("limits")
              ? container.getResources().getLimits()
              : container.getResources().getRequests();
    }
    Quantity amount = declared == null ? null : declared.get(name);
    if (amount == null && kind.equals("limits")) {
      amount = allocatable.get(name);
    }
    if (amount == null) {
      return "0";
    }
    BigDecimal divisor =
        ref.getDivisor() == null ? BigDecimal.ONE : Quantity.getAmountInBytes(ref.getDivisor());
    if (divisor.signum() == 0) {
      divisor = BigDecimal.ONE;
    }
    return Quantity.getAmountInBytes(amount)
        .divide(divisor, 0, RoundingMode.CEILING)
        .toPlainString();
  }

  static Map<String, String> decoded(Secret secret) {
    Map<String, String> out = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      out.putAll(secret.getStringData());
    }
    return out;
  }
}
