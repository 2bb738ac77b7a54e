package io.cadang.e2e.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerEnvTest {
  static final FakeLookup LOOKUP =
      new FakeLookup()
          .with(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("db")
                  .endMetadata()
                  .withData(Map.of("user", "YWxpY2U=", "bad-key!", "eA=="))
                  .build())
          .with(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("settings")
                  .endMetadata()
                  .withData(Map.of("MODE", "fast", "LEVEL", "3"))
                  .build());
  static final Map<String, Quantity> NODE =
      Map.of("cpu", new Quantity("2"), "memory", new Quantity("4Gi"));

  private static Pod pod(Container c) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .withNamespace("ns")
        .withUid("u-1")
        .addToLabels("app", "db")
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName("sa")
        .withContainers(c)
        .endSpec()
        .build();
  }

  private static Map<String, String> resolve(ContainerBuilder c) throws ContainerConfigException {
    Container built = c.withName("c").build();
    return ContainerEnv.resolve(pod(built), built, "node-1", 6443, NODE, LOOKUP);
  }

  @Test
  void apiServerAddressComesFromTheNode() throws Exception {
    Map<String, String> env = resolve(new ContainerBuilder());
    assertEquals("127.0.0.1", env.get("KUBERNETES_SERVICE_HOST"));
    assertEquals("6443", env.get("KUBERNETES_SERVICE_PORT"));
  }

  @Test
  void secretAndConfigMapKeyRefsResolveAndValuesExpandEarlierVariables() throws Exception {
    Map<String, String> env =
        resolve(
            new ContainerBuilder()
                .addNewEnv()
                .withName("PGUSER")
                .withNewValueFrom()
                .withNewSecretKeyRef("user", "db", null)
                .endValueFrom()
                .endEnv()
                .addNewEnv()
                .withName("M")
                .withNewValueFrom()
                .withNewConfigMapKeyRef("MODE", "settings", null)
                .endValueFrom()
                .endEnv()
                .addNewEnv()
                .withName("URL")
                .withValue("pg://$(PGUSER)@host/$(LATER)")
                .endEnv()
                .addNewEnv()
                .withName("LATER")
                .withValue("x")
                .endEnv());
    assertEquals("alice", env.get("PGUSER"));
    assertEquals("fast", env.get("M"));
    assertEquals("pg://alice@host/$(LATER)", env.get("URL"));
  }

  @Test
  void missingSecretIsAConfigErrorUnlessOptional() throws Exception {
    ContainerConfigException e =
        assertThrows(
            ContainerConfigException.class,
            () ->
                resolve(
                    new ContainerBuilder()
                        .addNewEnv()
                        .withName("X")
                        .withNewValueFrom()
                        .withNewSecretKeyRef("k", "absent", null)
                        .endValueFrom()
                        .endEnv()));
    assertEquals("secret \"absent\" not found", e.getMessage());
    Map<String, String> env =
        resolve(
            new ContainerBuilder()
                .addNewEnv()
                .withName("X")
                .withNewValueFrom()
                .withNewSecretKeyRef("k", "absent", true)
                .endValueFrom()
                .endEnv());
    assertFalse(env.containsKey("X"));
  }

  @Test
  void missingKeyIsAConfigErrorNamingTheKey() {
    ContainerConfigException e =
        assertThrows(
            ContainerConfigException.class,
            () ->
                resolve(
                    new ContainerBuilder()
                        .addNewEnv()
                        .withName("X")
                        .withNewValueFrom()
                        .withNewConfigMapKeyRef("NOPE", "settings", false)
                        .endValueFrom()
                        .endEnv()));
    assertEquals("couldn't find key NOPE in ConfigMap ns/settings", e.getMessage());
  }

  @Test
  void fieldRefsReadThePodAsThisNodeRunsIt() throws Exception {
    ContainerBuilder c = new ContainerBuilder();
    for (String path :
        new String[] {
          "metadata.name",
          "metadata.namespace",
          "metadata.uid",
          "spec.nodeName",
          "spec.serviceAccountName",
          "status.podIP",
          "metadata.labels['app']"
        }) {
      c.addNewEnv()
          .withName(path.replaceAll("[^a-zA-Z]", "_"))
          .withNewValueFrom()
          .withNewFieldRef()
          .withFieldPath(path)
          .endFieldRef()
          .endValueFrom()
          .endEnv();
    }
    Map<String, String> env = resolve(c);
    assertEquals("p", env.get("metadata_name"));
    assertEquals("ns", env.get("metadata_namespace"));
    assertEquals("u-1", env.get("metadata_uid"));
    assertEquals("node-1", env.get("spec_nodeName"));
    assertEquals("sa", env.get("spec_serviceAccountName"));
    assertEquals("127.0.0.1", env.get("status_podIP"));
    assertEquals("db", env.get("metadata_labels__app__"));
  }

  @Test
  void envFromAddsValidKeysWithPrefixAndEnvOverridesIt() throws Exception {
    Map<String, String> env =
        resolve(
            new ContainerBuilder()
                .addNewEnvFrom()
                .withNewSecretRef()
                .withName("db")
                .endSecretRef()
                .endEnvFrom()
                .addNewEnvFrom()
                .withPrefix("CFG_")
                .withNewConfigMapRef()
                .withName("settings")
                .endConfigMapRef()
                .endEnvFrom()
                .addNewEnvFrom()
                .withNewConfigMapRef()
                .withName("absent")
                .withOptional(true)
                .endConfigMapRef()
                .endEnvFrom()
                .addNewEnv()
                .withName("CFG_MODE")
                .withValue("slow")
                .endEnv());
    assertEquals("alice", env.get("user"));
    assertFalse(env.containsKey("bad-key!"), "invalid names are skipped");
    assertEquals("3", env.get("CFG_LEVEL"));
    assertEquals("slow", env.get("CFG_MODE"));
  }

  @Test
  void resourceFieldRefUsesTheLimitElseTheNodeWithDivisor() throws Exception {
    Map<String, String> env =
        resolve(
            new ContainerBuilder()
                .withNewResources()
                .addToLimits("memory", new Quantity("512Mi"))
                .endResources()
                .addNewEnv()
                .withName("MEM")
                .withNewValueFrom()
                .withNewResourceFieldRef()
                .withResource("limits.memory")
                .withDivisor(new Quantity("1Mi"))
                .endResourceFieldRef()
                .endValueFrom()
                .endEnv()
                .addNewEnv()
                .withName("CPU")
                .withNewValueFrom()
                .withNewResourceFieldRef()
                .withResource("limits.cpu")
                .endResourceFieldRef()
                .endValueFrom()
                .endEnv());
    assertEquals("512", env.get("MEM"));
    assertEquals("2", env.get("CPU"));
  }
}
