package io.cadang.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cadang on a laptop with nothing installed by hand: the local control plane, the node stand-in,
 * s3proxy, a sample PostgreSQL database, Vault and the chart (everything {@link E2EEnvironment}
 * starts), then a per-minute backup policy and, after its first backup, a restore with
 * verification. Prints {@code kubectl get} every 15 seconds until the stop file appears (demo.sh
 * creates it on Ctrl-C); everything stops with it.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    System.out.println(
        "starting the local control plane, node, S3, PostgreSQL, Vault and Cadang ...");
    E2EEnvironment env = E2EEnvironment.get();
    Cluster.apply(
        env.admin,
        env.minutelyPolicy("shop-demo", "demo", "shop", "  retention:\n    keepLast: 3\n"));
    System.out.println();
    System.out.println("Cadang is running. In another shell:");
    System.out.println("  export KUBECONFIG=" + env.controlPlane.kubeconfig());
    System.out.println(
        "  kubectl -n " + E2EEnvironment.APP_NS + " get backuppolicies,backupruns,restorerequests");
    System.out.println("Pod logs: " + env.nodeRoot.resolve("logs") + "   Stop: Ctrl-C");
    boolean restoreRequested = false;
    // helm-java's Go runtime takes over SIGINT/SIGTERM once the chart is installed, so the JVM
    // never sees Ctrl-C: demo.sh traps it and creates this file instead.
    String stopFile = System.getProperty("cadang.demo.stopFile");
    long nextGet = 0;
    while (stopFile == null || !Files.exists(Path.of(stopFile))) {
      if (System.nanoTime() >= nextGet) {
        if (!restoreRequested && anySucceeded(env)) {
          Cluster.apply(
              env.admin, env.restoreRequest("shop-demo-restore", "shop-demo", "shop_restored"));
          restoreRequested = true;
        }
        kubectlGet(env);
        nextGet = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      }
      TimeUnit.SECONDS.sleep(1);
    }
    System.out.println("stopping every process the demo started ...");
    System.exit(0);
  }

  private static boolean anySucceeded(E2EEnvironment env) {
    return Cluster.runsOf(env.admin, E2EEnvironment.APP_NS, "shop-demo").stream()
        .anyMatch(r -> Cluster.phase(r).filter("Succeeded"::equals).isPresent());
  }

  private static void kubectlGet(E2EEnvironment env) throws IOException, InterruptedException {
    System.out.println("\n$ kubectl -n shop get backuppolicies,backupruns,restorerequests");
    new ProcessBuilder(
            List.of(
                "kubectl",
                "--kubeconfig",
                env.controlPlane.kubeconfig().toString(),
                "-n",
                E2EEnvironment.APP_NS,
                "get",
                "backuppolicies,backupruns,restorerequests"))
        .inheritIO()
        .start()
        .waitFor(30, TimeUnit.SECONDS);
  }
}
