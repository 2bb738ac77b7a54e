package io.cadang.controller.runtime;

import io.cadang.api.v1alpha1.Repository;
import io.cadang.api.v1alpha1.S3CredentialsSecret;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Secret values for the few things the operator itself does with a repository (deleting
 * expired backups, checking reachability). Values live only in memory for the call; they are never
 * logged, put in status, Events or exception messages.
 */
public final class SecretValues {
  private final KubernetesClient client;

  public SecretValues(KubernetesClient client) {
    this.client = client;
  }

  public Optional<String> value(String namespace, String secret, String key) {
    Secret s = client.secrets().inNamespace(namespace).withName(secret).get();
    if (s == null) {
      return Optional.empty();
    }
    if (s.getData() != null && s.getData().containsKey(key)) {
      return Optional.of(
          new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8));
    }
    if (s.getStringData() != null && s.getStringData().containsKey(key)) {
      return Optional.of(s.getStringData().get(key));
    }
    return Optional.empty();
  }

  /** The environment the agent's {@code Repositories.open} expects for this repository. */
  public Map<String, String> repositoryEnv(String namespace, Repository repository) {
    return env(
        namespace, repository.getS3() == null ? null : repository.getS3().getCredentialsSecret());
  }

  /**
   * The credentials the operator deletes with: {@code deleteCredentialsSecret} when set (the pods'
   * own may then be write-only), else the repository's {@code credentialsSecret}.
   */
  public Map<String, String> repositoryDeleteEnv(String namespace, Repository repository) {
    S3CredentialsSecret delete =
        repository.getS3() == null ? null : repository.getS3().getDeleteCredentialsSecret();
    return delete == null ? repositoryEnv(namespace, repository) : env(namespace, delete);
  }

  private Map<String, String> env(String namespace, S3CredentialsSecret creds) {
    Map<String, String> env = new HashMap<>();
    if (creds != null) {
      value(namespace, creds.getName(), creds.getAccessKeyIdKey())
          .ifPresent(v -> env.put("AWS_ACCESS_KEY_ID", v));
      value(namespace, creds.getName(), creds.getSecretAccessKeyKey())
          .ifPresent(v -> env.put("AWS_SECRET_ACCESS_KEY", v));
    }
    return env;
  }
}
