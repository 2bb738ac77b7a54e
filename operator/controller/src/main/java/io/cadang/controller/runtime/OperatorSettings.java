package io.cadang.controller.runtime;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the operator runs, from its environment (the Helm chart sets these).
 *
 * @param watchNamespaces namespaces to watch; empty means the whole cluster
 * @param agentImage image of the Jobs that run the cadang agent
 * @param httpPort port of /metrics, /healthz and /readyz
 * @param leaderElection whether to elect a leader, so two replicas never both schedule
 * @param leaseNamespace namespace of the leader-election Lease (the operator's own)
 * @param agentServiceAccount default service account of agent Jobs
 * @param allowedAgentImages images a policy may pick in spec.job.image besides agentImage
 */
public record OperatorSettings(
    Set<String> watchNamespaces,
    String agentImage,
    int httpPort,
    boolean leaderElection,
    String leaseNamespace,
    String agentServiceAccount,
    Set<String> allowedAgentImages) {

  /** Settings where a policy may pick no other image than {@code agentImage}. */
  public OperatorSettings(
      Set<String> watchNamespaces,
      String agentImage,
      int httpPort,
      boolean leaderElection,
      String leaseNamespace,
      String agentServiceAccount) {
    this(
        watchNamespaces,
        agentImage,
        httpPort,
        leaderElection,
        leaseNamespace,
        agentServiceAccount,
        Set.of());
  }

  public static final String LEASE_NAME = "cadang-operator";

  /**
   * This replica's leader-election identity: the pod name (downward API) when set, else the host
   * name plus a random suffix, so two replicas never claim to be the same holder.
   */
  public static String identity(Map<String, String> env) {
    String pod = env.get("POD_NAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    return env.getOrDefault("HOSTNAME", "cadang") + "-" + java.util.UUID.randomUUID();
  }

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    return new OperatorSettings(
        list(env.getOrDefault("CADANG_WATCH_NAMESPACES", "")),
        env.getOrDefault("CADANG_AGENT_IMAGE", "ghcr.io/cadang/cadang:latest"),
        Integer.parseInt(env.getOrDefault("CADANG_HTTP_PORT", "8080")),
        Boolean.parseBoolean(env.getOrDefault("CADANG_LEADER_ELECTION", "true")),
        env.getOrDefault("POD_NAMESPACE", "default"),
        env.getOrDefault("CADANG_AGENT_SERVICE_ACCOUNT", "cadang-agent"),
        list(env.getOrDefault("CADANG_ALLOWED_AGENT_IMAGES", "")));
  }

  private static Set<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.trim().split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
