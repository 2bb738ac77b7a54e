package io.cadang.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Scheduled drills and recovery objectives on a real control plane: a policy with {@code
 * spec.drills} every minute skips the slot that comes while its backup runs, then creates one
 * mode-Drill RestoreRequest per slot from the newest backup into a throwaway PostgreSQL inside the
 * drill Job's own pod (no target named); the Jobs restore, verify row counts and checksums and run
 * the policy's application checks (one as the application's role, restored with the globals),
 * status.drills and RTOMet report the measured time, and an RTO below it turns RTOMet False and
 * makes Prometheus fire CadangRtoAboveObjective from the chart's rules.
 */
class ScheduledDrillE2E {
  private static final String NS = E2EEnvironment.APP_NS;
  private static final String POLICY = "scheduled-drills";
  private static final String SOURCE_DB = "drills_src";
  private static final String APP_ROLE = "drills_app";
  private static final String DRILL_OF = "cadang.io/drill-of";
  private static final DateTimeFormatter SLOT =
      DateTimeFormatter.ofPattern("yyyyMMddHHmm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final E2EEnvironment env = E2EEnvironment.get();
  private static List<String> productionDatabases;
  private static final KubernetesClient k = env.admin;

  @AfterAll
  static void deleteThePolicy() throws Exception {
    // Per-minute drills must not go on loading the machine for the tests after this one; the
    // drills' RestoreRequests are owned by the policy and go with it.
    Cluster.cadang(k, "BackupPolicy").inNamespace(NS).withName(POLICY).delete();
  }

  @Test
  void drillsRunOnScheduleSkipABusySlotProveTheRtoAndAlertWhenItIsAboveTheObjective()
      throws Exception {
    long started = System.nanoTime();
    seedSourceDatabase();
    productionDatabases = serverDatabases();

    // --- a slot while the policy's backup runs is skipped ---
    // The backup blocks behind this lock until the test lets it go, so the first drill slot comes
    // while it runs, whatever the machine's speed.
    Instant skipped;
    String run = POLICY + "-base";
    try (Connection lock = env.connect(SOURCE_DB)) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE items IN ACCESS EXCLUSIVE MODE");
      }
      // Policy and run within the same minute, so no slot passes before the run exists.
      if (Instant.now().atZone(ZoneOffset.UTC).getSecond() >= 55) {
        Thread.sleep(6_000);
      }
      Cluster.apply(k, policyYaml());
      Cluster.applyManualRun(k, NS, POLICY, run);

      GenericKubernetesResource p =
          Await.until(
              "a drill slot of " + POLICY + " skipped while its backup runs",
              Duration.ofSeconds(100),
              () ->
                  Optional.ofNullable(policy())
                      .filter(x -> drillsAt(x, "lastSkippedSlot") != null));
      skipped = Instant.parse((String) drillsAt(p, "lastSkippedSlot"));
      Instant created = Instant.parse(p.getMetadata().getCreationTimestamp());
      assertEquals(skipped.truncatedTo(ChronoUnit.MINUTES), skipped, "a minute slot: " + skipped);
      assertTrue(skipped.isAfter(created), skipped + " after the policy's creation " + created);
      assertFalse(
          finished(Cluster.cadang(k, "BackupRun").inNamespace(NS).withName(run).get()),
          "the backup is still held by the lock");
      assertNull(
          Cluster.cadang(k, "RestoreRequest")
              .inNamespace(NS)
              .withName(POLICY + "-drill-" + SLOT.format(skipped))
              .get(),
          "no drill for the skipped slot");
      assertTrue(drills().isEmpty(), "no drill at all yet: " + names(drills()));
      Await.until(
          "a DrillSkipped Warning Event on " + POLICY,
          Duration.ofSeconds(20),
          () ->
              k.v1().events().inNamespace(NS).list().getItems().stream()
                  .anyMatch(
                      e ->
                          POLICY.equals(e.getInvolvedObject().getName())
                              && "DrillSkipped".equals(e.getReason())
                              && "Warning".equals(e.getType())));
      // Nothing measures either objective yet.
      assertCondition(p, "RPOMet", "False", "NothingToMeasure");
      assertCondition(p, "RTOMet", "False", "NoDrillYet");
      lock.commit();
    }
    GenericKubernetesResource base =
        Cluster.awaitFinished(k, "BackupRun", NS, run, Duration.ofMinutes(2));
    assertEquals("Succeeded", Cluster.phase(base).orElseThrow(), "run: " + Cluster.status(base));
    GenericKubernetesResource backedUp =
        awaitPolicy(
            "RPOMet=True after the backup",
            x -> "True".equals(condition(x, "RPOMet").get("status")));
    assertCondition(backedUp, "RPOMet", "True", "ObjectiveMet");

    // --- two drills, one per slot, each restored and verified ---
    GenericKubernetesResource first = awaitDrill(List.of(), Duration.ofSeconds(150));
    assertDrill(first, skipped);
    GenericKubernetesResource p1 =
        awaitPolicy(
            "status.drills.lastDrill = " + first.getMetadata().getName(),
            x -> first.getMetadata().getName().equals(drillsAt(x, "lastDrill")));
    assertCondition(p1, "RTOMet", "True", "ObjectiveMet");
    Instant lastSlot = Instant.parse((String) drillsAt(p1, "lastScheduleTime"));
    assertEquals(
        lastSlot.plusSeconds(60),
        Instant.parse((String) drillsAt(p1, "nextScheduleTime")),
        "every minute: next slot one minute after the last: " + Cluster.status(p1));

    GenericKubernetesResource second =
        awaitDrill(List.of(first.getMetadata().getName()), Duration.ofSeconds(150));
    assertDrill(second, skipped);
    assertTrue(
        slotOf(second).isAfter(slotOf(first)),
        "the second drill is of a later slot: " + names(List.of(first, second)));
    // No further drills: status and the alert below are about these two.
    Cluster.cadang(k, "BackupPolicy")
        .inNamespace(NS)
        .withName(POLICY)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"drills\":{\"suspend\":true}}}");

    // --- status.drills and RTOMet report the newest drill ---
    // A slot may have slipped in before the suspension (a drill finishing right at a minute):
    // the newest finished drill is the one the status must show.
    List<GenericKubernetesResource> all =
        Await.until(
            "every drill of " + POLICY + " finished",
            Duration.ofMinutes(2),
            () -> {
              List<GenericKubernetesResource> d = drills();
              return d.stream().allMatch(ScheduledDrillE2E::finished)
                  ? Optional.of(d)
                  : Optional.empty();
            });
    assertTrue(all.size() >= 2, "two drills at least: " + names(all));
    for (GenericKubernetesResource d : all) {
      assertEquals("Succeeded", Cluster.phase(d).orElseThrow(), d.getMetadata().getName());
    }
    GenericKubernetesResource newest =
        all.stream()
            .max(
                Comparator.comparing(
                    d -> Instant.parse((String) Cluster.statusAt(d, "completionTime"))))
            .orElseThrow();
    String newestName = newest.getMetadata().getName();
    long measured = number(Cluster.statusAt(newest, "durationSeconds"));
    GenericKubernetesResource p2 =
        awaitPolicy(
            "status.drills of " + newestName + " and the suspension",
            x ->
                newestName.equals(drillsAt(x, "lastDrill"))
                    && drillsAt(x, "nextScheduleTime") == null);
    assertEquals("Succeeded", drillsAt(p2, "lastResult"));
    assertEquals(
        "2 tables, 1300 rows: all row counts match; 2 application check(s) passed",
        drillsAt(p2, "lastVerification"),
        "what the drill proved: " + Cluster.status(p2));
    assertTrue(
        drillsAt(p2, "lastPhases") instanceof Map<?, ?> phases
            && phases.get("restoreSeconds") instanceof Number,
        "the measured RTO by phase: " + Cluster.status(p2));
    assertEquals(measured, number(drillsAt(p2, "lastDurationSeconds")), "the measured RTO");
    assertEquals(
        Instant.parse((String) Cluster.statusAt(newest, "completionTime")),
        Instant.parse((String) drillsAt(p2, "lastSuccessTime")));
    // Kept; only a later skipped slot (a drill running across a minute) may replace it.
    assertFalse(
        Instant.parse((String) drillsAt(p2, "lastSkippedSlot")).isBefore(skipped),
        "lastSkippedSlot kept: " + Cluster.status(p2));
    Map<String, Object> met = assertCondition(p2, "RTOMet", "True", "ObjectiveMet");
    assertTrue(String.valueOf(met.get("message")).contains(newestName), met.toString());

    // --- Prometheus: the measured time and the objective, no alert while within ---
    String labels = "{namespace=\"" + NS + "\",policy=\"" + POLICY + "\"}";
    awaitValue("cadang_drill_duration_seconds" + labels, measured);
    awaitValue("cadang_objective_rto_seconds" + labels, 3600);
    Thread.sleep(6_000); // three rule evaluations with both series present
    String alert = "ALERTS{alertname=\"CadangRtoAboveObjective\",policy=\"" + POLICY + "\"}";
    assertEquals(0, query(alert).size(), "no RTO alert within the objective: " + query(alert));

    // --- an RTO below the measured time: RTOMet False, the alert fires ---
    assertTrue(measured >= 2, "a drill takes more than the smallest RTO of 1s: " + measured);
    Cluster.cadang(k, "BackupPolicy")
        .inNamespace(NS)
        .withName(POLICY)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"objectives\":{\"rto\":\"1s\"}}}");
    GenericKubernetesResource p3 =
        awaitPolicy(
            "RTOMet=False after rto: 1s",
            x -> "False".equals(condition(x, "RTOMet").get("status")));
    Map<String, Object> above = assertCondition(p3, "RTOMet", "False", "AboveObjective");
    assertTrue(String.valueOf(above.get("message")).contains(newestName), above.toString());
    awaitValue("cadang_objective_rto_seconds" + labels, 1);
    JsonNode firing =
        Await.until(
            "CadangRtoAboveObjective to fire for " + POLICY,
            Duration.ofMinutes(1),
            () -> {
              JsonNode r = query(alert.replace("}", ",alertstate=\"firing\"}"));
              return r.size() == 1 ? Optional.of(r.get(0)) : Optional.empty();
            });
    assertEquals(NS, firing.path("metric").path("namespace").asText());

    List<String> durations = new ArrayList<>();
    for (GenericKubernetesResource d : all) {
      durations.add(d.getMetadata().getName() + "=" + Cluster.statusAt(d, "durationSeconds") + "s");
    }
    System.out.println(
        "ScheduledDrillE2E: drills "
            + durations
            + ", skipped slot "
            + skipped
            + ", test took "
            + Duration.ofNanos(System.nanoTime() - started).toSeconds()
            + " s");
  }

  // --- set-up ---

  /** A database of its own, so holding a lock on it stops no other test's backup. */
  private static void seedSourceDatabase() throws Exception {
    try (Connection c = env.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + SOURCE_DB);
    }
    try (Connection c = env.connect(SOURCE_DB);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items(id int primary key, name text not null)");
      s.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 1000) g");
      s.execute("CREATE TABLE notes(id int primary key, item int references items, body text)");
      s.execute(
          "INSERT INTO notes SELECT g, 1 + g % 1000, 'note ' || g FROM generate_series(1, 300) g");
      s.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + APP_ROLE
              + "') THEN CREATE ROLE "
              + APP_ROLE
              + " LOGIN; END IF; END $$");
      s.execute("GRANT SELECT ON notes TO " + APP_ROLE);
    }
  }

  /**
   * A logical policy whose backups never come round by schedule (the test starts one by hand), with
   * objectives and a drill every minute into a scratch database on the same server.
   */
  private static String policyYaml() {
    return env.logicalPolicy(
            POLICY,
            "0 3 1 1 *",
            "e2e/scheduled-drills",
            SOURCE_DB,
            String.join(
                "\n",
                "  objectives: {rpo: 1h, rto: 1h}",
                "  drills:",
                "    schedule: \"* * * * *\"",
                "  verify:",
                "    queries:",
                "    - {name: items, database: "
                    + SOURCE_DB
                    + ", sql: \"select count(*) from items\","
                    + " equals: \"1000\"}",
                "    - {name: app-reads-notes, sql: \"select id from notes where body like 'note %'\","
                    + " role: "
                    + APP_ROLE
                    + ", minRows: 300, maxRows: 300}",
                ""))
        // Roles too, so the application's role exists in the drill's throwaway server.
        .replace(
            "      credentialsSecret: {name: shop-db}\n  storage:",
            "      credentialsSecret: {name: shop-db}\n      globals: true\n  storage:");
  }

  private static List<String> serverDatabases() throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = env.connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT datname FROM pg_database ORDER BY 1")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  // --- drills ---

  private static List<GenericKubernetesResource> drills() {
    return Cluster.cadang(k, "RestoreRequest")
        .inNamespace(NS)
        .withLabel(DRILL_OF, POLICY)
        .list()
        .getItems();
  }

  /** The first finished drill not in {@code seen}. */
  private static GenericKubernetesResource awaitDrill(List<String> seen, Duration timeout) {
    return Await.until(
        "a drill of " + POLICY + " besides " + seen + " to finish",
        timeout,
        () ->
            drills().stream()
                .filter(d -> !seen.contains(d.getMetadata().getName()))
                .filter(ScheduledDrillE2E::finished)
                .findFirst());
  }

  /** A drill the operator created: its name, label, owner, spec and a verified restore. */
  @SuppressWarnings("unchecked")
  private static void assertDrill(GenericKubernetesResource d, Instant skipped) throws Exception {
    String name = d.getMetadata().getName();
    assertEquals("Succeeded", Cluster.phase(d).orElseThrow(), name + ": " + Cluster.status(d));
    assertTrue(name.matches(POLICY + "-drill-\\d{12}"), name);
    assertTrue(slotOf(d).isAfter(skipped), name + " is of a slot after the skipped " + skipped);
    assertEquals(POLICY, d.getMetadata().getLabels().get(DRILL_OF));
    OwnerReference owner = d.getMetadata().getOwnerReferences().get(0);
    assertEquals("BackupPolicy", owner.getKind());
    assertEquals(POLICY, owner.getName());
    Map<String, Object> spec = (Map<String, Object>) d.getAdditionalProperties().get("spec");
    assertEquals("Drill", spec.get("mode"), "spec: " + spec);
    assertEquals(POLICY, ((Map<String, Object>) spec.get("source")).get("policy"), "spec: " + spec);
    assertEquals(2L, number(Cluster.statusAt(d, "verification", "tablesChecked")));
    assertEquals(1300L, number(Cluster.statusAt(d, "verification", "rowsChecked")));
    assertTrue(number(Cluster.statusAt(d, "durationSeconds")) >= 0, "RTO measured");
    // No target named: a throwaway server in the drill's own pod, so nothing was created on (or
    // even connected to) the production server.
    assertTrue(((Map<String, Object>) spec.get("target")).containsKey("scratch"), "spec: " + spec);
    List<String> args =
        k.batch()
            .v1()
            .jobs()
            .inNamespace(NS)
            .withName(name)
            .get()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getArgs();
    assertTrue(args.contains("--scratch-server"), "Job args: " + args);
    assertEquals(productionDatabases, serverDatabases(), "the production server is untouched");
    // The policy's application checks ran in the restored copy, one as the application's role.
    List<Map<String, Object>> queries =
        (List<Map<String, Object>>) Cluster.statusAt(d, "verification", "queries");
    assertEquals(2, queries.size(), "status.verification.queries: " + queries);
    assertEquals("items", queries.get(0).get("name"));
    assertEquals(Boolean.TRUE, queries.get(0).get("passed"), queries.toString());
    assertEquals("1000", queries.get(0).get("value"));
    assertEquals("app-reads-notes", queries.get(1).get("name"));
    assertEquals(Boolean.TRUE, queries.get(1).get("passed"), queries.toString());
    assertEquals(300L, number(queries.get(1).get("rows")));
  }

  private static Instant slotOf(GenericKubernetesResource d) {
    String name = d.getMetadata().getName();
    return Instant.from(SLOT.parse(name.substring(name.length() - 12)));
  }

  private static List<String> names(List<GenericKubernetesResource> rs) {
    return rs.stream().map(r -> r.getMetadata().getName()).toList();
  }

  private static boolean finished(GenericKubernetesResource r) {
    return r != null
        && Cluster.phase(r).filter(p -> p.equals("Succeeded") || p.equals("Failed")).isPresent();
  }

  // --- the policy ---

  private static GenericKubernetesResource policy() {
    return Cluster.cadang(k, "BackupPolicy").inNamespace(NS).withName(POLICY).get();
  }

  private static GenericKubernetesResource awaitPolicy(
      String what, java.util.function.Predicate<GenericKubernetesResource> test) {
    return Await.until(
        what, Duration.ofMinutes(1), () -> Optional.ofNullable(policy()).filter(test));
  }

  private static Object drillsAt(GenericKubernetesResource p, String field) {
    return Cluster.statusAt(p, "drills", field);
  }

  private static Map<String, Object> condition(GenericKubernetesResource p, String type) {
    return Cluster.condition(p, type).orElse(Map.of());
  }

  private static Map<String, Object> assertCondition(
      GenericKubernetesResource p, String type, String status, String reason) {
    Map<String, Object> c = condition(p, type);
    assertEquals(status, c.get("status"), type + ": " + c);
    assertEquals(reason, c.get("reason"), type + ": " + c);
    return c;
  }

  // --- Prometheus ---

  private static void awaitValue(String promql, double expected) {
    Await.until(
        promql + " = " + expected + " in Prometheus",
        Duration.ofMinutes(1),
        () -> {
          JsonNode r = query(promql);
          return r.size() == 1 && r.get(0).get("value").get(1).asDouble() == expected;
        });
  }

  private static JsonNode query(String promql) {
    try {
      return env.prometheus.query(promql);
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static long number(Object value) {
    assertTrue(value instanceof Number, "a number: " + value);
    return ((Number) value).longValue();
  }
}
