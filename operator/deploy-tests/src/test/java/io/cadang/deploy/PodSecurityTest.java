package io.cadang.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The operator pod is locked down by default, the way the agent Jobs are (AgentContainers). */
class PodSecurityTest {
  private final JsonNode pod =
      RenderedChart.defaults().operatorDeployment().at("/spec/template/spec");
  private final JsonNode container = pod.at("/containers/0");

  @Test
  void runsAsTheImagesNonRootUser() {
    assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
    assertEquals(DockerfileTest.IMAGE_UID, pod.at("/securityContext/runAsUser").asLong());
    assertEquals(DockerfileTest.IMAGE_UID, pod.at("/securityContext/runAsGroup").asLong());
    assertTrue(container.at("/securityContext/runAsNonRoot").asBoolean());
  }

  @Test
  void readOnlyRootWithAWritableTmp() {
    assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
    Set<String> emptyDirs = new HashSet<>();
    pod.path("volumes")
        .forEach(
            v -> {
              if (v.has("emptyDir")) {
                emptyDirs.add(v.path("name").asText());
              }
            });
    boolean tmpMounted = false;
    for (JsonNode m : container.path("volumeMounts")) {
      if (m.path("mountPath").asText().equals("/tmp")
          && emptyDirs.contains(m.path("name").asText())) {
        tmpMounted = true;
      }
    }
    assertTrue(tmpMounted, "/tmp must be an emptyDir: " + container.path("volumeMounts"));
  }

  @Test
  void dropsAllCapabilitiesAndForbidsEscalation() {
    assertEquals("[\"ALL\"]", container.at("/securityContext/capabilities/drop").toString());
    assertEquals(false, container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
    assertTrue(container.at("/securityContext/capabilities/add").isMissingNode());
  }

  @Test
  void usesTheRuntimeDefaultSeccompProfile() {
    assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
    assertEquals("RuntimeDefault", container.at("/securityContext/seccompProfile/type").asText());
  }

  @Test
  void probesHitTheOperatorsHealthEndpointsOnItsHttpPort() {
    assertEquals("/healthz", container.at("/livenessProbe/httpGet/path").asText());
    assertEquals("/readyz", container.at("/readinessProbe/httpGet/path").asText());
    assertEquals("http", container.at("/ports/0/name").asText());
    assertEquals(
        container.at("/ports/0/containerPort").asText(),
        RbacTest.env(RenderedChart.defaults(), "CADANG_HTTP_PORT"));
  }

  @Test
  void runsTheOperatorCommandWithLeaderElectionAndItsIdentityFromTheDownwardApi() {
    assertEquals("[\"cadang\"]", container.path("command").toString());
    assertEquals("[\"operator\"]", container.path("args").toString());
    RenderedChart chart = RenderedChart.defaults();
    assertEquals("true", RbacTest.env(chart, "CADANG_LEADER_ELECTION"));
    Set<String> downward = new HashSet<>();
    for (JsonNode e : container.path("env")) {
      if (e.has("valueFrom")) {
        downward.add(
            e.path("name").asText() + "=" + e.at("/valueFrom/fieldRef/fieldPath").asText());
      }
    }
    assertEquals(Set.of("POD_NAMESPACE=metadata.namespace", "POD_NAME=metadata.name"), downward);
    assertEquals("cadang-operator", pod.path("serviceAccountName").asText());
  }

  @Test
  void agentsDefaultToTheOperatorsImage() {
    RenderedChart chart = RenderedChart.defaults();
    assertEquals(container.path("image").asText(), RbacTest.env(chart, "CADANG_AGENT_IMAGE"));
    assertTrue(container.path("image").asText().startsWith("ghcr.io/cadang/cadang:"));
  }
}
