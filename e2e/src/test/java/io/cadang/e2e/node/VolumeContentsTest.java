package io.cadang.e2e.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeContentsTest {
  private static final FakeLookup LOOKUP =
      new FakeLookup()
          .with(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("creds")
                  .endMetadata()
                  .withData(Map.of("password", "czNjcmV0", "user", "YWxpY2U="))
                  .build())
          .with(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("kube-root-ca.crt")
                  .endMetadata()
                  .withData(Map.of("ca.crt", "PEM"))
                  .build());
  private static final Pod POD =
      new PodBuilder()
          .withNewMetadata()
          .withName("p")
          .withNamespace("ns")
          .withUid("u1")
          .endMetadata()
          .withNewSpec()
          .withServiceAccountName("agent")
          .addNewContainer()
          .withName("c")
          .endContainer()
          .endSpec()
          .build();

  private static Map<String, VolumeContents.FileContent> files(Volume v) throws Exception {
    return VolumeContents.files(POD, v, "node", Map.of(), LOOKUP);
  }

  @Test
  void secretVolumeHasEveryKeyWithTheDefaultMode() throws Exception {
    var files =
        files(
            new VolumeBuilder()
                .withName("s")
                .withNewSecret()
                .withSecretName("creds")
                .withDefaultMode(0400)
                .endSecret()
                .build());
    assertEquals("s3cret", files.get("password").text());
    assertEquals("alice", files.get("user").text());
    assertEquals(0400, files.get("user").mode());
  }

  @Test
  void itemsSelectKeysOntoPathsWithTheirModes() throws Exception {
    var files =
        files(
            new VolumeBuilder()
                .withName("s")
                .withNewSecret()
                .withSecretName("creds")
                .addNewItem()
                .withKey("password")
                .withPath("db/pass")
                .withMode(0600)
                .endItem()
                .endSecret()
                .build());
    assertEquals(1, files.size());
    assertEquals("s3cret", files.get("db/pass").text());
    assertEquals(0600, files.get("db/pass").mode());
  }

  @Test
  void missingSecretFailsUnlessOptionalAndMissingItemKeyFails() throws Exception {
    assertThrows(
        ContainerConfigException.class,
        () ->
            files(
                new VolumeBuilder()
                    .withName("s")
                    .withNewSecret()
                    .withSecretName("absent")
                    .endSecret()
                    .build()));
    assertTrue(
        files(
                new VolumeBuilder()
                    .withName("s")
                    .withNewSecret()
                    .withSecretName("absent")
                    .withOptional(true)
                    .endSecret()
                    .build())
            .isEmpty());
    ContainerConfigException e =
        assertThrows(
            ContainerConfigException.class,
            () ->
                files(
                    new VolumeBuilder()
                        .withName("c")
                        .withNewConfigMap()
                        .withName("kube-root-ca.crt")
                        .addNewItem()
                        .withKey("nope")
                        .withPath("x")
                        .endItem()
                        .endConfigMap()
                        .build()));
    assertEquals("couldn't find key nope in ConfigMap kube-root-ca.crt", e.getMessage());
  }

  /** The volume the API server's ServiceAccount admission adds to every pod. */
  @Test
  void kubeApiAccessProjectionHasTokenCaAndNamespace() throws Exception {
    var files =
        files(
            new VolumeBuilder()
                .withName("kube-api-access-x")
                .withNewProjected()
                .withDefaultMode(420)
                .addNewSource()
                .withNewServiceAccountToken()
                .withPath("token")
                .withExpirationSeconds(3607L)
                .endServiceAccountToken()
                .endSource()
                .addNewSource()
                .withNewConfigMap()
                .withName("kube-root-ca.crt")
                .addNewItem()
                .withKey("ca.crt")
                .withPath("ca.crt")
                .endItem()
                .endConfigMap()
                .endSource()
                .addNewSource()
                .withNewDownwardAPI()
                .addNewItem()
                .withPath("namespace")
                .withNewFieldRef()
                .withFieldPath("metadata.namespace")
                .endFieldRef()
                .endItem()
                .endDownwardAPI()
                .endSource()
                .endProjected()
                .build());
    assertEquals("token:ns/agent/p/u1/null/3607", files.get("token").text());
    assertEquals("PEM", files.get("ca.crt").text());
    assertEquals("ns", files.get("namespace").text());
    assertEquals(0644, files.get("token").mode());
  }

  @Test
  void tokenAudienceIsPassedToTheTokenRequest() throws Exception {
    var files =
        files(
            new VolumeBuilder()
                .withName("vault")
                .withNewProjected()
                .addNewSource()
                .withNewServiceAccountToken()
                .withPath("t")
                .withAudience("vault")
                .endServiceAccountToken()
                .endSource()
                .endProjected()
                .build());
    assertEquals("token:ns/agent/p/u1/vault/3600", files.get("t").text());
  }

  @Test
  void emptyDirAndClaimsHaveNoApiFiles() throws Exception {
    assertTrue(
        files(new VolumeBuilder().withName("e").withNewEmptyDir().endEmptyDir().build()).isEmpty());
  }
}
