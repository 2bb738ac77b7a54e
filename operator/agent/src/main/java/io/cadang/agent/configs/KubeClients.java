package io.cadang.agent.configs;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The API server connection: the pod's service account in a Job (fabric8's auto-configuration reads
 * the mounted token and CA), or an explicit kubeconfig for a person at a terminal.
 */
public final class KubeClients {
  private KubeClients() {}

  public static KubernetesClient open(Path kubeconfig) throws IOException {
    if (kubeconfig == null) {
      return new KubernetesClientBuilder().build();
    }
    if (!Files.isReadable(kubeconfig)) {
      throw new IOException("kubeconfig " + kubeconfig + " is not readable");
    }
    Config config =
        Config.fromKubeconfig(null, Files.readString(kubeconfig, StandardCharsets.UTF_8), null);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
