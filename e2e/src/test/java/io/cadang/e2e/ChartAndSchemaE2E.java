package io.cadang.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart installs on a real API server with its own RBAC, and the CRD schemas (types, enums,
 * required fields, CEL rules) are enforced by that server, which the fabric8 mock cannot do.
 */
class ChartAndSchemaE2E {
  private final E2EEnvironment env = E2EEnvironment.get();

  @Test
  void chartInstallsCrdsAndRunsTheOperatorUnderItsOwnServiceAccount() {
    for (String crd :
        List.of("backuppolicies.cadang.io", "backupruns.cadang.io", "restorerequests.cadang.io")) {
      CustomResourceDefinition d =
          env.admin.apiextensions().v1().customResourceDefinitions().withName(crd).get();
      assertTrue(
          d.getStatus().getConditions().stream()
              .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())),
          crd + " established");
    }
    Pod operator =
        env.admin
            .pods()
            .inNamespace(E2EEnvironment.SYSTEM_NS)
            .withLabel("app.kubernetes.io/component", "operator")
            .list()
            .getItems()
            .get(0);
    assertEquals("Running", operator.getStatus().getPhase());
    String sa = operator.getSpec().getServiceAccountName();
    assertTrue(sa.endsWith("operator"), "operator runs as the chart's ServiceAccount, was " + sa);
    // Its token is not cluster-admin: it cannot read Secrets cluster-wide beyond its rules.
    assertFalse(
        env.admin
            .authorization()
            .v1()
            .subjectAccessReview()
            .create(
                new io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withUser("system:serviceaccount:" + E2EEnvironment.SYSTEM_NS + ":" + sa)
                    .withNewResourceAttributes()
                    .withVerb("delete")
                    .withResource("namespaces")
                    .endResourceAttributes()
                    .endSpec()
                    .build())
            .getStatus()
            .getAllowed(),
        "the operator's account may not delete namespaces");
  }

  @Test
  void everyExampleIsAcceptedByTheRealApiServer() throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(env.repoRoot.resolve("examples"))) {
      examples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertFalse(examples.isEmpty());
    for (Path example : examples) {
      try (InputStream in = Files.newInputStream(example)) {
        for (HasMetadata item : env.admin.load(in).items()) {
          ensureNamespace(item.getMetadata().getNamespace());
          try {
            env.admin.resource(item).dryRun().create();
          } catch (KubernetesClientException e) {
            throw new AssertionError(example.getFileName() + " rejected: " + e.getMessage(), e);
          }
        }
      }
    }
  }

  @Test
  void theBasePolicyOfTheseCasesIsValid() {
    ensureNamespace("schema");
    env.admin.resource(load(policy("", ""))).dryRun().create();
  }

  @Test
  void aValueOutsideAnEnumIsRejectedWithTheSchemaMessage() {
    String message = rejected(policy("method: Incremental", ""));
    assertTrue(message.contains("spec.method") && message.contains("Unsupported value"), message);
  }

  @Test
  void aMissingRequiredFieldIsRejected() {
    String message = rejected(policy("", "").replace("  schedule: \"0 2 * * *\"\n", ""));
    assertTrue(message.contains("spec.schedule") && message.contains("Required"), message);
  }

  @Test
  void aBrokenCelRuleIsRejectedWithItsMessage() {
    // spec.pitr needs physical backups: a CEL rule on the spec says so.
    String message = rejected(policy("method: Logical", "  pitr:\n    enabled: true\n"));
    assertTrue(message.toLowerCase().contains("physical"), message);
  }

  private String rejected(String yaml) {
    ensureNamespace("schema");
    KubernetesClientException e =
        assertThrows(
            KubernetesClientException.class,
            () ->
                env.admin
                    .resource(
                        env.admin
                            .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                            .items()
                            .get(0))
                    .dryRun()
                    .create());
    assertEquals(422, e.getCode(), e.getMessage());
    return e.getMessage();
  }

  private HasMetadata load(String yaml) {
    return env.admin
        .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .items()
        .get(0);
  }

  private static String policy(String methodLine, String extra) {
    return String.join(
            "\n",
            "apiVersion: cadang.io/v1alpha1",
            "kind: BackupPolicy",
            "metadata: {name: bad, namespace: schema}",
            "spec:",
            "  schedule: \"0 2 * * *\"",
            methodLine.isEmpty() ? "" : "  " + methodLine,
            "  source:",
            "    postgres: {host: db, databases: [app], credentialsSecret: {name: db}}",
            "  storage:",
            "    primary:",
            "      name: primary",
            "      s3: {bucket: backups}",
            "  encryption:",
            "    secretKey: {name: k, key: k}",
            "")
        + extra;
  }

  private void ensureNamespace(String name) {
    if (name != null && env.admin.namespaces().withName(name).get() == null) {
      env.admin
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
  }
}
