package io.cadang.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cadang.agent.checks.QueryCheck;
import io.cadang.api.v1alpha1.BackupPolicySpec;
import io.cadang.api.v1alpha1.RestoreRequestSpec;
import io.cadang.api.v1alpha1.VerifyQuery;
import io.cadang.api.v1alpha1.VerifySpec;
import io.cadang.controller.jobs.RestoreJobs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator renders spec.verify.queries into CADANG_CHECKS and the agent parses it strictly
 * (unknown fields refused): both sides must agree on every field.
 */
class ChecksContractTest {

  @Test
  void everyFieldOfAPolicysQueryReachesTheAgentUnchanged() throws Exception {
    VerifyQuery q = new VerifyQuery();
    q.setName("orders");
    q.setDatabase("shop");
    q.setSql("select count(*) from sales.orders");
    q.setRole("shop_app");
    q.setEquals("1300");
    q.setMinRows(1);
    q.setMaxRows(1);
    VerifySpec verify = new VerifySpec();
    verify.setQueries(List.of(q));
    BackupPolicySpec policy = new BackupPolicySpec();
    policy.setVerify(verify);

    String env = RestoreJobs.checksEnv(new RestoreRequestSpec(), policy).orElseThrow().getValue();

    assertEquals(
        List.of(
            new QueryCheck(
                "orders", "shop", "select count(*) from sales.orders", "shop_app", "1300", 1, 1)),
        QueryCheck.parse(env));
  }
}
