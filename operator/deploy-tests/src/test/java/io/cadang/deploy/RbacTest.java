package io.cadang.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The rendered RBAC grants exactly what the code calls. The expected tables below are the audit:
 * each line names the code that needs it, so a change in the controller shows up here.
 */
class RbacTest {

  /**
   * "group/resource" → verbs of the operator's ClusterRole (bound cluster-wide or per namespace).
   */
  static final Map<String, Set<String>> OPERATOR =
      Map.ofEntries(
          // JOSDK informer (list, watch); BackupRunReconciler/RestoreRequestReconciler get by name;
          // JOSDK adds and removes the metric-series finalizer and patches status (patch).
          Map.entry("cadang.io/backuppolicies", Set.of("get", "list", "watch", "patch")),
          // informers; BackupPolicyReconciler.createRun and RepositorySync (create);
          // RetentionEnforcer
          // (patch: the cadang.io/delete-data mark, then delete); the finalizer (patch). purge: the
          // admission policy cadang-delete-data lets only holders set that mark.
          Map.entry(
              "cadang.io/backupruns",
              Set.of("get", "list", "watch", "create", "delete", "patch", "purge")),
          // informer; policy and retention list them to protect runs in use. Never written.
          Map.entry(
              "cadang.io/restorerequests", Set.of("get", "list", "watch", "create", "delete")),
          Map.entry("cadang.io/backuppolicies/status", Set.of("patch")),
          Map.entry("cadang.io/backupruns/status", Set.of("patch")),
          Map.entry("cadang.io/restorerequests/status", Set.of("patch")),
          // ownerReferences with blockOwnerDeletion (BackupJobs.ownerReference, WAL streamer).
          Map.entry("cadang.io/backuppolicies/finalizers", Set.of("update")),
          Map.entry("cadang.io/backupruns/finalizers", Set.of("update")),
          Map.entry("cadang.io/restorerequests/finalizers", Set.of("update")),
          // Job informers (label-selected) and client.resource(job).create().
          Map.entry("batch/jobs", Set.of("list", "watch", "create")),
          // podsOf(job): failure causes from pod states.
          Map.entry("/pods", Set.of("list")),
          // EventRecorder.
          Map.entry("/events", Set.of("create")),
          // SecretValues.value and the policy validator: by name, never listed.
          Map.entry("/secrets", Set.of("get")),
          // AgentAccess: the ServiceAccount a policy names, by name, for its cadang.io/agent label.
          Map.entry("/serviceaccounts", Set.of("get")),
          // DeploymentQuiescer (get, patch via edit); WalArchiving's streamer Deployment (get by
          // name, create, update, delete when PITR is turned off).
          Map.entry("apps/deployments", Set.of("get", "create", "update", "patch", "delete")),
          // VolumeSnapshotRuns: one VolumeSnapshot per claim of a volumeSnapshots run (create),
          // polled by name (get). No informer (list, watch): the API may not be installed. No
          // delete: the garbage collector removes a snapshot with the run that owns it.
          Map.entry("snapshot.storage.k8s.io/volumesnapshots", Set.of("get", "create")));

  /** LeaderElectionManager/LeaseLock: get, create, update (replace) of the Lease. */
  static final Map<String, Set<String>> LEADER_ELECTION =
      Map.of("coordination.k8s.io/leases", Set.of("get", "create", "update", "patch"));

  static final Map<String, Set<String>> SELF_REVIEW =
      Map.of("authorization.k8s.io/selfsubjectrulesreviews", Set.of("create"));

  static final Set<String> READ = Set.of("get", "list", "watch");

  @Test
  void operatorClusterRoleGrantsExactlyTheVerbsTheCodeUses() {
    RenderedChart chart = RenderedChart.defaults();
    assertEquals(
        new TreeMap<>(OPERATOR), rules(chart.get("ClusterRole", "cadang-operator")), "operator");
    assertEquals(
        new TreeMap<>(LEADER_ELECTION),
        rules(chart.get("Role", "cadang-operator-leader-election")));
    assertEquals(
        new TreeMap<>(SELF_REVIEW), rules(chart.get("ClusterRole", "cadang-operator-self-review")));
    assertEquals(
        RenderedChart.NAMESPACE,
        chart.get("Role", "cadang-operator-leader-election").at("/metadata/namespace").asText());
  }

  @Test
  void noRuleAnywhereUsesAWildcard() {
    for (Map<String, String> values :
        List.of(Map.<String, String>of(), Map.of("operator.watchNamespaces[0]", "shop"))) {
      RenderedChart chart = RenderedChart.render(values);
      for (String kind : List.of("Role", "ClusterRole")) {
        for (JsonNode role : chart.ofKind(kind)) {
          String text = role.path("rules").toString();
          assertFalse(text.contains("\"*\""), kind + " " + name(role) + " has a wildcard: " + text);
          assertFalse(role.has("aggregationRule"), name(role) + " must not aggregate others");
        }
      }
    }
  }

  @Test
  void wholeClusterModeBindsTheOperatorRoleClusterWide() {
    RenderedChart chart = RenderedChart.defaults();
    JsonNode binding = chart.get("ClusterRoleBinding", "cadang-operator");
    assertEquals("cadang-operator", binding.at("/roleRef/name").asText());
    assertSubjectIsOperator(binding);
    assertEquals(
        List.of(), chart.ofKind("RoleBinding").stream().filter(this::bindsOperatorRole).toList());
    assertEquals("", env(chart, "CADANG_WATCH_NAMESPACES"));
  }

  @Test
  void namespacedModeBindsTheOperatorRoleOnlyInTheWatchedNamespaces() {
    RenderedChart chart =
        RenderedChart.render(
            Map.of("operator.watchNamespaces[0]", "shop", "operator.watchNamespaces[1]", "luxima"));
    assertTrue(chart.find("ClusterRoleBinding", "cadang-operator").isEmpty());
    List<JsonNode> bindings =
        chart.ofKind("RoleBinding").stream().filter(this::bindsOperatorRole).toList();
    assertEquals(
        Set.of("shop", "luxima"),
        bindings.stream()
            .map(b -> b.at("/metadata/namespace").asText())
            .collect(Collectors.toSet()));
    bindings.forEach(this::assertSubjectIsOperator);
    assertEquals("shop,luxima", env(chart, "CADANG_WATCH_NAMESPACES"));
    // Agent Jobs run in the policy's namespace: the agent account must exist there.
    assertEquals(
        Set.of("shop", "luxima"),
        chart.ofKind("ServiceAccount").stream()
            .filter(sa -> name(sa).equals("cadang-agent"))
            .map(sa -> sa.at("/metadata/namespace").asText())
            .collect(Collectors.toSet()));
  }

  @Test
  void agentServiceAccountIsBoundToNothingAndNamedToTheOperator() {
    RenderedChart chart =
        RenderedChart.render(Map.of("agent.serviceAccount.namespaces[0]", "shop"));
    JsonNode agent = chart.get("ServiceAccount", "cadang-agent");
    assertEquals("shop", agent.at("/metadata/namespace").asText());
    // The token is mounted for Vault Kubernetes auth; the account has no API permissions.
    assertTrue(agent.path("automountServiceAccountToken").asBoolean());
    for (String kind : List.of("RoleBinding", "ClusterRoleBinding")) {
      for (JsonNode binding : chart.ofKind(kind)) {
        for (JsonNode subject : binding.path("subjects")) {
          assertFalse(
              subject.path("name").asText().equals("cadang-agent"),
              kind + " " + name(binding) + " binds the agent account");
        }
      }
    }
    assertEquals("cadang-agent", env(chart, "CADANG_AGENT_SERVICE_ACCOUNT"));
    assertEquals(
        "false",
        RenderedChart.render(Map.of("agent.serviceAccount.automountToken", "false"))
            .get("ServiceAccount", "cadang-agent")
            .path("automountServiceAccountToken")
            .asText());
  }

  @Test
  void backupAdminMayRestoreAndViewerMayOnlyRead() {
    RenderedChart chart = RenderedChart.defaults();
    Map<String, Set<String>> admin = rules(chart.get("ClusterRole", "cadang-backup-admin"));
    assertTrue(admin.get("cadang.io/restorerequests").containsAll(Set.of("create", "delete")));
    assertTrue(
        admin.get("cadang.io/backupruns").containsAll(Set.of("create", "delete", "patch", "purge")),
        "deleting data on purpose (cadang.io/delete-data) is the backup admin's");
    assertTrue(
        admin.get("cadang.io/backuppolicies").containsAll(Set.of("create", "update", "delete")));
    assertFalse(
        admin.keySet().stream().anyMatch(r -> !r.startsWith("cadang.io/")), admin.toString());

    Map<String, Set<String>> viewer = rules(chart.get("ClusterRole", "cadang-viewer"));
    assertEquals(
        Set.of("backuppolicies", "backupruns", "restorerequests"),
        viewer.keySet().stream()
            .filter(r -> !r.endsWith("/status"))
            .map(r -> r.substring("cadang.io/".length()))
            .collect(Collectors.toSet()));
    viewer.forEach((resource, verbs) -> assertEquals(READ, verbs, resource));
  }

  @Test
  void restoresAreNeverAggregatedIntoTheBuiltInAdminOrEditRoles() {
    for (String toggle : List.of("false", "true")) {
      RenderedChart chart = RenderedChart.render(Map.of("rbac.aggregateViewerToView", toggle));
      for (JsonNode role : chart.ofKind("ClusterRole")) {
        JsonNode labels = role.at("/metadata/labels");
        assertFalse(labels.has("rbac.authorization.k8s.io/aggregate-to-admin"), name(role));
        assertFalse(labels.has("rbac.authorization.k8s.io/aggregate-to-edit"), name(role));
        if (labels.has("rbac.authorization.k8s.io/aggregate-to-view")) {
          // Only the read-only role may join "view", and only when asked.
          assertEquals("true", toggle);
          assertEquals("cadang-viewer", name(role));
        }
      }
    }
    assertTrue(
        RenderedChart.render(Map.of("rbac.aggregateViewerToView", "true"))
            .get("ClusterRole", "cadang-viewer")
            .at("/metadata/labels")
            .has("rbac.authorization.k8s.io/aggregate-to-view"));
  }

  /** "group/resource" → verbs, merged over all rules; fails on resourceNames (none expected). */
  static Map<String, Set<String>> rules(JsonNode role) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (JsonNode rule : role.path("rules")) {
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          Set<String> verbs =
              out.computeIfAbsent(group.asText() + "/" + resource.asText(), k -> new TreeSet<>());
          rule.path("verbs").forEach(v -> verbs.add(v.asText()));
        }
      }
    }
    return out;
  }

  private boolean bindsOperatorRole(JsonNode binding) {
    return binding.at("/roleRef/name").asText().equals("cadang-operator");
  }

  private void assertSubjectIsOperator(JsonNode binding) {
    assertEquals(1, binding.path("subjects").size());
    assertEquals("cadang-operator", binding.at("/subjects/0/name").asText());
    assertEquals(RenderedChart.NAMESPACE, binding.at("/subjects/0/namespace").asText());
  }

  private static String name(JsonNode doc) {
    return doc.at("/metadata/name").asText();
  }

  static String env(RenderedChart chart, String name) {
    for (JsonNode e : chart.operatorDeployment().at("/spec/template/spec/containers/0/env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    throw new AssertionError("operator has no env " + name);
  }
}
