package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.HashMap;
import java.util.Map;

/** Secrets and ConfigMaps of namespace {@code ns} from maps; tokens name what was requested. */
final class FakeLookup implements ObjectLookup {
  private final Map<String, Secret> secrets = new HashMap<>();
  private final Map<String, ConfigMap> maps = new HashMap<>();

  FakeLookup with(Secret s) {
    secrets.put(s.getMetadata().getName(), s);
    return this;
  }

  FakeLookup with(ConfigMap c) {
    maps.put(c.getMetadata().getName(), c);
    return this;
  }

  @Override
  public Secret secret(String namespace, String name) {
    return namespace.equals("ns") ? secrets.get(name) : null;
  }

  @Override
  public ConfigMap configMap(String namespace, String name) {
    return namespace.equals("ns") ? maps.get(name) : null;
  }

  @Override
  public String serviceAccountToken(
      String namespace,
      String serviceAccount,
      String podName,
      String podUid,
      String audience,
      long expirationSeconds) {
    return "token:"
        + namespace
        + "/"
        + serviceAccount
        + "/"
        + podName
        + "/"
        + podUid
        + "/"
        + audience
        + "/"
        + expirationSeconds;
  }
}
