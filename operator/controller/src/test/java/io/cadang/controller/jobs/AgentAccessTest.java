package io.cadang.controller.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.JobTemplate;
import io.cadang.controller.runtime.OperatorSettings;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Nothing a policy author sets runs a foreign image or a foreign service account. */
class AgentAccessTest {
  private static final OperatorSettings SETTINGS =
      new OperatorSettings(
          Set.of(),
          "ghcr.io/cadang/cadang:0.1.0",
          0,
          false,
          "ops",
          "cadang-agent",
          Set.of("registry.internal/cadang:0.1.0-fips"));

  @Test
  void theDefaultImageAndListedImagesRunAnyOtherIsRefusedNamingTheField() {
    assertEquals(Optional.empty(), AgentAccess.imageRefusal(null, SETTINGS));
    assertEquals(
        Optional.empty(), AgentAccess.imageRefusal(image("ghcr.io/cadang/cadang:0.1.0"), SETTINGS));
    assertEquals(
        Optional.empty(),
        AgentAccess.imageRefusal(image("registry.internal/cadang:0.1.0-fips"), SETTINGS));

    String refusal =
        AgentAccess.imageRefusal(image("evil.example/miner:1"), SETTINGS).orElseThrow();
    assertTrue(
        refusal.startsWith("spec.job.image: 'evil.example/miner:1' is not allowed"), refusal);
    assertTrue(refusal.contains("allowedAgentImages"), refusal);
  }

  @Test
  void noPodIsEverBuiltWithARefusedImage() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AgentPods.template(
                    image("evil.example/miner:1"),
                    SETTINGS,
                    Map.of(),
                    List.of(),
                    List.of(),
                    false));
    assertTrue(e.getMessage().contains("evil.example/miner:1"));
  }

  @Test
  void aServiceAccountOtherThanTheAgentsMustBeLabelledByAnAdmin() {
    JobTemplate t = new JobTemplate();
    assertEquals(
        Optional.empty(), AgentAccess.serviceAccountRefusal(t, SETTINGS, n -> Optional.empty()));
    t.setServiceAccountName("cadang-agent");
    assertEquals(
        Optional.empty(), AgentAccess.serviceAccountRefusal(t, SETTINGS, n -> Optional.empty()));

    t.setServiceAccountName("app-deployer");
    assertTrue(
        AgentAccess.serviceAccountRefusal(t, SETTINGS, n -> Optional.empty())
            .orElseThrow()
            .contains("ServiceAccount 'app-deployer' does not exist"));
    String refusal =
        AgentAccess.serviceAccountRefusal(t, SETTINGS, n -> Optional.of(account(n, Map.of())))
            .orElseThrow();
    assertTrue(refusal.contains("cadang.io/agent=true"), refusal);
    assertTrue(
        AgentAccess.serviceAccountRefusal(
                t, SETTINGS, n -> Optional.of(account(n, Map.of("cadang.io/agent", "yes"))))
            .isPresent());
    assertEquals(
        Optional.empty(),
        AgentAccess.serviceAccountRefusal(
            t, SETTINGS, n -> Optional.of(account(n, Map.of("cadang.io/agent", "true")))));
  }

  @Test
  void theAllowListComesFromTheOperatorsEnvironment() {
    OperatorSettings s =
        OperatorSettings.fromEnvironment(
            Map.of("CADANG_ALLOWED_AGENT_IMAGES", " a:1, b:2 ,,", "CADANG_AGENT_IMAGE", "c:3"));
    assertEquals(Set.of("a:1", "b:2"), s.allowedAgentImages());
    assertEquals(Set.of(), OperatorSettings.fromEnvironment(Map.of()).allowedAgentImages());
  }

  private static JobTemplate image(String image) {
    JobTemplate t = new JobTemplate();
    t.setImage(image);
    return t;
  }

  private static ServiceAccount account(String name, Map<String, String> labels) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }
}
