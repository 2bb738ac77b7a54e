package io.cadang.controller.policy;

import static io.cadang.controller.testing.OperatorHarness.NAMESPACE;
import static io.cadang.controller.testing.OperatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.JobTemplate;
import io.cadang.controller.testing.FakeJobController.KeepRunning;
import io.cadang.controller.testing.Fixtures;
import io.cadang.controller.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A policy author cannot make the operator run a foreign image or a foreign service account: the
 * policy is not Ready, schedules nothing, and a run or restore started by hand fails without a Job.
 */
class AgentAccessIT {
  private OperatorHarness h;

  @BeforeEach
  void start() {
    h = new OperatorHarness(Instant.now());
    h.client
        .resource(
            Fixtures.secret(
                "s3-credentials", Map.of("AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b")))
        .create();
    h.client
        .resource(Fixtures.secret("pg-credentials", Map.of("username", "backup", "password", "pw")))
        .create();
    h.client.resource(Fixtures.secret("master-key", Map.of("key", "k".repeat(44)))).create();
    h.jobs.script(job -> new KeepRunning());
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void aForeignImageMakesThePolicyNotReadyAndAManualRunFailsWithoutAJob() {
    JobTemplate job = new JobTemplate();
    job.setImage("evil.example/miner:1");
    create("mined", job);

    Condition ready = awaitReady("mined", "False");
    assertEquals("AgentNotAllowed", ready.getReason());
    assertTrue(
        ready.getMessage().contains("spec.job.image: 'evil.example/miner:1'"), ready.getMessage());

    h.client.resource(Fixtures.run("mined-now", "mined")).create();
    BackupRun run = awaitFailed("mined-now");
    assertEquals("AgentNotAllowed", run.getStatus().getFailureReason());
    assertEquals(List.of(), h.client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems());
  }

  @Test
  void anUnlabelledServiceAccountIsRefusedUntilAnAdminLabelsIt() {
    h.client
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("app-deployer")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .build())
        .create();
    JobTemplate job = new JobTemplate();
    job.setServiceAccountName("app-deployer");
    create("borrowed", job);

    Condition ready = awaitReady("borrowed", "False");
    assertEquals("AgentNotAllowed", ready.getReason());
    assertTrue(ready.getMessage().contains("cadang.io/agent=true"), ready.getMessage());
    h.client.resource(Fixtures.run("borrowed-now", "borrowed")).create();
    assertEquals("AgentNotAllowed", awaitFailed("borrowed-now").getStatus().getFailureReason());

    h.client
        .serviceAccounts()
        .inNamespace(NAMESPACE)
        .withName("app-deployer")
        .edit(
            sa ->
                new ServiceAccountBuilder(sa)
                    .editMetadata()
                    .addToLabels("cadang.io/agent", "true")
                    .endMetadata()
                    .build());
    touch("borrowed");
    await(
        "no longer refused",
        () ->
            !"AgentNotAllowed".equals(condition("borrowed").map(Condition::getReason).orElse("")));
  }

  private void create(String name, JobTemplate job) {
    BackupPolicy p = Fixtures.policy(name, "http://127.0.0.1:9", "bucket");
    p.getSpec().setJob(job);
    h.client.resource(p).create();
  }

  private Condition awaitReady(String policy, String status) {
    await(
        policy + " Ready=" + status,
        () -> condition(policy).map(c -> status.equals(c.getStatus())).orElse(false));
    return condition(policy).orElseThrow();
  }

  private Optional<Condition> condition(String policy) {
    BackupPolicy p =
        h.client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName(policy).get();
    if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return p.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst();
  }

  private BackupRun awaitFailed(String name) {
    await(
        name + " failed",
        () -> {
          BackupRun r =
              h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName(name).get();
          return r != null
              && r.getStatus() != null
              && r.getStatus().getPhase() == BackupRunPhase.FAILED;
        });
    return h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private void touch(String policy) {
    for (int attempt = 1; ; attempt++) {
      String mark = "now-" + attempt;
      try {
        h.client
            .resources(BackupPolicy.class)
            .inNamespace(NAMESPACE)
            .withName(policy)
            .edit(
                p -> {
                  if (p.getMetadata().getAnnotations() == null) {
                    p.getMetadata().setAnnotations(new java.util.HashMap<>());
                  }
                  p.getMetadata().getAnnotations().put("cadang.io/check", mark);
                  return p;
                });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e; // 409: the operator wrote status in between; edit again
        }
      }
    }
  }
}
