package io.cadang.controller.jobs;

import io.cadang.api.v1alpha1.Encryption;
import io.cadang.api.v1alpha1.PostgresCredentialsSecret;
import io.cadang.api.v1alpha1.Repository;
import io.cadang.api.v1alpha1.S3CredentialsSecret;
import io.cadang.api.v1alpha1.SecretKeyRef;
import io.cadang.api.v1alpha1.VaultTransit;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts every agent container shares, as pure functions: Secrets reach it only through {@code
 * secretKeyRef} environment variables (never inline values, never argv), key-source arguments, and
 * a locked-down security context. Backup and restore Job builders compose these.
 */
public final class AgentContainers {
  public static final String PGUSER = "PGUSER";
  public static final String PGPASSWORD = "PGPASSWORD";
  public static final String MASTER_KEY_ENV = "CADANG_MASTER_KEY";
  public static final String SCRATCH_MOUNT = "/scratch";

  /** Kubernetes keeps at most 4 KiB of this file as the container's termination message. */
  public static final String RESULT_FILE = "/dev/termination-log";

  private AgentContainers() {}

  /** PGUSER/PGPASSWORD from the credentials Secret; {@code --user $(PGUSER)} expands from it. */
  public static List<EnvVar> postgresEnv(PostgresCredentialsSecret secret) {
    List<EnvVar> env = new ArrayList<>();
    if (secret != null) {
      env.add(fromSecret(PGUSER, secret.getName(), secret.getUserKey()));
      env.add(fromSecret(PGPASSWORD, secret.getName(), secret.getPasswordKey()));
    }
    return env;
  }

  /** S3 credentials; without a Secret the SDK's default chain applies (e.g. IRSA). */
  public static List<EnvVar> repositoryEnv(Repository repository) {
    List<EnvVar> env = new ArrayList<>();
    S3CredentialsSecret secret =
        repository.getS3() == null ? null : repository.getS3().getCredentialsSecret();
    if (secret != null) {
      env.add(fromSecret("AWS_ACCESS_KEY_ID", secret.getName(), secret.getAccessKeyIdKey()));
      env.add(
          fromSecret("AWS_SECRET_ACCESS_KEY", secret.getName(), secret.getSecretAccessKeyKey()));
    }
    return env;
  }

  public static List<EnvVar> keyEnv(Encryption encryption) {
    List<EnvVar> env = new ArrayList<>();
    if (encryption.getSecretKey() != null) {
      SecretKeyRef ref = encryption.getSecretKey();
      env.add(fromSecret(MASTER_KEY_ENV, ref.getName(), ref.getKey()));
    } else if (encryption.getVault() != null
        && encryption.getVault().getAuth() != null
        && encryption.getVault().getAuth().getTokenSecret() != null) {
      SecretKeyRef ref = encryption.getVault().getAuth().getTokenSecret();
      env.add(fromSecret("VAULT_TOKEN", ref.getName(), ref.getKey()));
    }
    return env;
  }

  /** CLI arguments naming the key source; the key itself is never an argument. */
  public static List<String> keyArgs(Encryption encryption) {
    List<String> args = new ArrayList<>();
    if (encryption.getSecretKey() != null) {
      args.add("--key-env=" + MASTER_KEY_ENV);
      return args;
    }
    VaultTransit vault = encryption.getVault();
    args.add("--vault-key=" + vault.getKey());
    args.add("--vault-addr=" + vault.getAddress());
    args.add("--vault-transit-mount=" + vault.getTransitMount());
    if (vault.getNamespace() != null && !vault.getNamespace().isBlank()) {
      args.add("--vault-namespace=" + vault.getNamespace());
    }
    if (vault.getAuth() != null && vault.getAuth().getKubernetes() != null) {
      args.add("--vault-auth=kubernetes");
      args.add("--vault-role=" + vault.getAuth().getKubernetes().getRole());
      args.add("--vault-k8s-mount=" + vault.getAuth().getKubernetes().getMount());
    } else {
      args.add("--vault-auth=token");
    }
    return args;
  }

  /** libpq's spelling of an sslmode, e.g. {@code verify-full}; {@code prefer} when unset. */
  public static String sslMode(io.cadang.api.v1alpha1.SslMode mode) {
    return mode == null
        ? "prefer"
        : mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** Non-root, read-only root filesystem, no capabilities, no privilege escalation. */
  public static SecurityContext containerSecurity() {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withCapabilities(new Capabilities(null, List.of("ALL")))
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  public static PodSecurityContext podSecurity() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(65532L)
        .withRunAsGroup(65532L)
        .withFsGroup(65532L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  static EnvVar fromSecret(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
