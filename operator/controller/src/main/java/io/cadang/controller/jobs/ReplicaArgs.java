package io.cadang.controller.jobs;

import io.cadang.api.v1alpha1.Repository;
import io.cadang.api.v1alpha1.S3CredentialsSecret;
import io.cadang.api.v1alpha1.Storage;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --replica=<name>=<uri>} per replica repository, in spec order, and its S3 credentials as
 * {@code CADANG_REPLICA_<i>_*} environment variables from the replica's Secret (the index is the
 * flag's position, 0-based). The primary keeps the SDK's standard variable names.
 */
public final class ReplicaArgs {
  private ReplicaArgs() {}

  public static String accessKeyEnv(int index) {
    return "CADANG_REPLICA_" + index + "_ACCESS_KEY_ID";
  }

  public static String secretKeyEnv(int index) {
    return "CADANG_REPLICA_" + index + "_SECRET_ACCESS_KEY";
  }

  static List<String> args(io.cadang.api.v1alpha1.BackupPolicySpec spec) {
    List<String> args = new ArrayList<>();
    for (Repository replica : replicas(spec.getStorage())) {
      args.add("--replica=" + replica.getName() + "=" + RepositoryUris.of(spec, replica));
    }
    return args;
  }

  static List<EnvVar> env(Storage storage) {
    List<EnvVar> env = new ArrayList<>();
    List<Repository> replicas = replicas(storage);
    for (int i = 0; i < replicas.size(); i++) {
      Repository replica = replicas.get(i);
      S3CredentialsSecret creds =
          replica.getS3() == null ? null : replica.getS3().getCredentialsSecret();
      if (creds != null) {
        env.add(
            AgentContainers.fromSecret(
                accessKeyEnv(i), creds.getName(), creds.getAccessKeyIdKey()));
        env.add(
            AgentContainers.fromSecret(
                secretKeyEnv(i), creds.getName(), creds.getSecretAccessKeyKey()));
      }
    }
    return env;
  }

  static List<Repository> replicas(Storage storage) {
    return storage == null || storage.getReplicas() == null ? List.of() : storage.getReplicas();
  }
}
