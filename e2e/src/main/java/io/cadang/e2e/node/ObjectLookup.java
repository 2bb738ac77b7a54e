package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;

/** Where env and volumes read Secrets and ConfigMaps from: the API server, or a map in tests. */
interface ObjectLookup {
  /** The Secret, or null when it does not exist. */
  Secret secret(String namespace, String name);

  /** The ConfigMap, or null when it does not exist. */
  ConfigMap configMap(String namespace, String name);

  /**
   * A token for the pod's service account from the TokenRequest API, bound to the pod.
   *
   * @param audience null for the API server's default audience
   */
  String serviceAccountToken(
      String namespace,
      String serviceAccount,
      String podName,
      String podUid,
      String audience,
      long expirationSeconds);
}
