package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Secrets, ConfigMaps and bound service-account tokens from the API server. */
final class ApiObjectLookup implements ObjectLookup {
  private final KubernetesClient client;

  ApiObjectLookup(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Secret secret(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  @Override
  public ConfigMap configMap(String namespace, String name) {
    return client.configMaps().inNamespace(namespace).withName(name).get();
  }

  /**
   * Through the TokenRequest API, bound to the pod like the kubelet's tokens: the token stops being
   * valid when the pod is deleted, and carries the pod's name and uid (Vault's Kubernetes auth and
   * TokenReview see a real projected token).
   */
  @Override
  public String serviceAccountToken(
      String namespace,
      String serviceAccount,
      String podName,
      String podUid,
      String audience,
      long expirationSeconds) {
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withAudiences(audience == null || audience.isEmpty() ? List.of() : List.of(audience))
            .withExpirationSeconds(expirationSeconds)
            .withNewBoundObjectRef()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(podName)
            .withUid(podUid)
            .endBoundObjectRef()
            .endSpec()
            .build();
    return client
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(serviceAccount)
        .tokenRequest(request)
        .getStatus()
        .getToken();
  }
}
