package io.cadang.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import io.cadang.agent.postgres.local.ThrowawayPostgres;
import io.cadang.e2e.node.LocalNode;
import io.cadang.e2e.node.LocalNodeConfig;
import io.cadang.testkit.S3TestServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything the end-to-end tests run on, started once per test JVM and stopped, by PID, when it
 * exits: the real control plane, the local node stand-in, s3proxy, a PostgreSQL cluster with a
 * sample database, Vault (transit + Kubernetes auth), the Cadang chart installed from helm/cadang,
 * and Prometheus scraping the operator with the chart's alert rules.
 */
final class E2EEnvironment {
  static final String SYSTEM_NS = "cadang-system";
  static final String APP_NS = "shop";
  static final String BUCKET = "cadang-e2e";
  static final String TRANSIT_KEY = "cadang-e2e";
  static final String VAULT_ROLE = "cadang-agent";
  static final String AGENT_SA = "cadang-agent";
  static final String RELEASE = "cadang";
  static final String KUBE_VERSION = "v1.34.4";

  /** The image of the tests' application pods: the node runs its command with {@code sh -c}. */
  static final String APP_IMAGE = "e2e/sh";

  static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");

  private static E2EEnvironment instance;
  private static IllegalStateException startFailure;

  final Path repoRoot;
  final Path dir;
  final ControlPlane controlPlane;
  final KubernetesClient admin;
  final LocalNode node;
  final Path nodeRoot;

  /** The built cadang.jar, copied next to the node directories; pods of the Cadang image run it. */
  final Path cadangJar;

  final S3TestServer s3;
  final ThrowawayPostgres postgres;
  final VaultServer vault;
  final int operatorPort;
  final PrometheusServer prometheus;

  private final List<AutoCloseable> toClose = new ArrayList<>();

  static synchronized E2EEnvironment get() {
    if (instance == null) {
      try {
        instance = new E2EEnvironment();
      } catch (Exception e) {
        throw new IllegalStateException(
            "end-to-end environment did not start: " + e.getMessage(), e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "e2e-teardown"));
    }
    return instance;
  }

  private E2EEnvironment() throws Exception {
    repoRoot = ControlPlane.repository();
    String run = "run-" + System.currentTimeMillis();
    dir = Files.createDirectories(repoRoot.resolve("e2e/target/" + run));
    // Pods mount emptyDirs at /tmp (the chart does); the files their processes need — the jar and
    // the node's volume directories — must not live below such a mount point, and a checkout
    // under /tmp would put them there. /var/lib is not a mount target of any Cadang pod.
    nodeRoot = Files.createDirectories(Path.of("/var/lib/cadang-e2e", run, "node"));
    try {
      controlPlane = remember(ControlPlane.start(dir.resolve("control-plane")));
      admin = remember(controlPlane.admin());
      cadangJar = stagedJar();
      node = remember(startNode(controlPlane, nodeRoot, repoRoot, cadangJar));
      s3 = remember(S3TestServer.start());
      s3.createBucket(BUCKET);
      postgres = remember(ThrowawayPostgres.start(PG_BIN));
      seedShopDatabase();
      vault = remember(VaultServer.startDev(controlPlane.binaries().resolve("vault"), dir));
      admin
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(APP_NS).endMetadata().build())
          .create();
      configureVault();
      operatorPort = Processes.freePort();
      installChart(repoRoot, controlPlane, operatorPort, List.of(APP_NS));
      awaitOperatorAvailable(admin, nodeRoot, Duration.ofMinutes(3));
      prometheus =
          remember(
              PrometheusServer.start(
                  dir.resolve("prometheus"),
                  RELEASE + "-metrics",
                  "127.0.0.1:" + operatorPort,
                  chartAlertRules()));
      createAppSecrets();
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /**
   * Another cluster on this machine, for tests of losing one: a fresh control plane (its own etcd,
   * certificates and ports) under {@code name} in this run's directory, its own node stand-in, the
   * namespaces {@code appNamespaces} (each with the agent's service account, from the chart) and
   * the chart installed with the operator running. It shares this environment's S3 server,
   * PostgreSQL and jar, not its Vault (whose Kubernetes auth trusts this environment's API server
   * only). The caller closes it; at the latest it stops with the environment.
   */
  SecondCluster startAnotherCluster(String name, String... appNamespaces) throws Exception {
    Path root = Files.createDirectories(nodeRoot.getParent().resolve(name + "-node"));
    int port = Processes.freePort();
    ControlPlane plane = ControlPlane.start(dir.resolve(name));
    SecondCluster cluster = remember(new SecondCluster(name, plane, root, port));
    try {
      cluster.startNode(startNode(plane, root, repoRoot, cadangJar));
      for (String ns : appNamespaces) {
        cluster
            .admin
            .namespaces()
            .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
            .create();
      }
      installChart(repoRoot, plane, cluster.operatorPort, List.of(appNamespaces));
      awaitOperatorAvailable(cluster.admin, root, Duration.ofMinutes(3));
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The node stand-in of a control plane, running the Cadang image from {@code jar}. */
  private static LocalNode startNode(ControlPlane plane, Path root, Path repoRoot, Path jar)
      throws IOException {
    return new LocalNode(
            LocalNodeConfig.of(plane.kubeconfig(), root, repoRoot)
                .withCadangJar(jar)
                // Application pods of the tests (e.g. a Deployment a restore
                // quiesces) run shell commands: there is no other image here.
                .withImage(APP_IMAGE, List.of("sh", "-c")))
        .start();
  }

  private synchronized <T extends AutoCloseable> T remember(T resource) {
    toClose.add(0, resource);
    return resource;
  }

  /** The sample application database: a few tables with known row counts. */
  private void seedShopDatabase() throws Exception {
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE shop");
    }
    try (Connection c = connect("shop");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE customers(id int primary key, name text not null)");
      s.execute("INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 500) g");
      s.execute(
          "CREATE TABLE orders(id int primary key, customer int references customers, total numeric)");
      s.execute(
          "INSERT INTO orders SELECT g, 1 + g % 500, g * 1.5 FROM generate_series(1, 2000) g");
    }
  }

  Connection connect(String database) throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database,
        "postgres",
        postgres.password());
  }

  /**
   * Transit key + Kubernetes auth: Vault reviews tokens with a service account allowed to create
   * TokenReviews (system:auth-delegator), and lets the agent's service account in the app namespace
   * use the key.
   */
  private void configureVault() throws Exception {
    vault.enableTransit(TRANSIT_KEY);
    admin
        .serviceAccounts()
        .inNamespace("kube-system")
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("vault-reviewer")
                .endMetadata()
                .build())
        .create();
    admin
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("vault-reviewer")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "system:auth-delegator")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("vault-reviewer")
                .withNamespace("kube-system")
                .endSubject()
                .build())
        .create();
    String reviewerJwt =
        admin
            .serviceAccounts()
            .inNamespace("kube-system")
            .withName("vault-reviewer")
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(7200L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    vault.enableKubernetesAuth(
        controlPlane.apiserverUrl(), Files.readString(controlPlane.caCertificate()), reviewerJwt);
    vault.allowTransit(VAULT_ROLE, APP_NS, AGENT_SA, TRANSIT_KEY);
  }

  /**
   * helm install of helm/cadang, as a user would, with the image the node stand-in maps to the
   * locally built jar and the agent's service account in {@code agentNamespaces} (which must
   * exist).
   */
  private static void installChart(
      Path repoRoot, ControlPlane plane, int operatorPort, List<String> agentNamespaces) {
    var install =
        new Helm(repoRoot.resolve("helm/cadang"))
            .install()
            .withName(RELEASE)
            .withNamespace(SYSTEM_NS)
            .createNamespace()
            .withKubeConfig(plane.kubeconfig())
            .set("image.repository", "localhost/cadang")
            .set("image.tag", "e2e")
            .set("operator.httpPort", operatorPort);
    for (int i = 0; i < agentNamespaces.size(); i++) {
      install.set("agent.serviceAccount.namespaces[" + i + "]", agentNamespaces.get(i));
    }
    install.call();
  }

  void awaitOperatorAvailable(Duration timeout) throws InterruptedException {
    awaitOperatorAvailable(admin, nodeRoot, timeout);
  }

  /** Waits for the chart's operator Deployment to be available; pods log under {@code nodeRoot}. */
  static void awaitOperatorAvailable(KubernetesClient admin, Path nodeRoot, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Deployment d =
          admin
              .apps()
              .deployments()
              .inNamespace(SYSTEM_NS)
              .withName(operatorDeploymentName(admin))
              .get();
      if (d != null
          && d.getStatus() != null
          && d.getStatus().getAvailableReplicas() != null
          && d.getStatus().getAvailableReplicas() >= 1) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    throw new IllegalStateException(
        "operator Deployment not available after "
            + timeout
            + "; node logs in "
            + nodeRoot.resolve("logs"));
  }

  String operatorDeploymentName() {
    return operatorDeploymentName(admin);
  }

  static String operatorDeploymentName(KubernetesClient admin) {
    return admin
        .apps()
        .deployments()
        .inNamespace(SYSTEM_NS)
        .withLabel("app.kubernetes.io/component", "operator")
        .list()
        .getItems()
        .stream()
        .findFirst()
        .map(d -> d.getMetadata().getName())
        .orElse(RELEASE + "-operator");
  }

  /** A copy of the built cadang.jar next to the node's directories (see nodeRoot). */
  private Path stagedJar() throws IOException {
    Path jar = nodeRoot.getParent().resolve("cadang.jar");
    Files.copy(repoRoot.resolve("operator/app/target/cadang.jar"), jar);
    return jar;
  }

  /** The chart's PrometheusRule, rendered with its defaults, as a Prometheus rules file. */
  private String chartAlertRules() throws IOException {
    String rendered =
        new Helm(repoRoot.resolve("helm/cadang"))
            .template()
            .withName(RELEASE)
            .withNamespace(SYSTEM_NS)
            // helm template assumes Kubernetes v1.20 unless told, older than the chart allows.
            .withKubeVersion(KUBE_VERSION)
            .set("prometheusRule.enabled", "true")
            .call();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (JsonNode doc :
        yaml.readValues(yaml.getFactory().createParser(rendered), JsonNode.class).readAll()) {
      if (doc != null && "PrometheusRule".equals(doc.path("kind").asText())) {
        // The only change: groups evaluate at the test Prometheus's 2 s instead of their own
        // production intervals (5 m for the backup group), so an alert fires within the test.
        for (JsonNode group : doc.path("spec").path("groups")) {
          ((com.fasterxml.jackson.databind.node.ObjectNode) group).remove("interval");
        }
        return yaml.writeValueAsString(doc.path("spec"));
      }
    }
    throw new IllegalStateException(
        "the chart rendered no PrometheusRule with prometheusRule.enabled=true");
  }

  /** Credentials the app namespace's policies reference: database login and S3 keys. */
  private void createAppSecrets() {
    admin
        .secrets()
        .inNamespace(APP_NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("shop-db")
                .endMetadata()
                .withStringData(Map.of("username", "postgres", "password", postgres.password()))
                .build())
        .create();
    admin
        .secrets()
        .inNamespace(APP_NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("backup-s3")
                .endMetadata()
                .withStringData(
                    Map.of(
                        "AWS_ACCESS_KEY_ID", s3.accessKey(),
                        "AWS_SECRET_ACCESS_KEY", s3.secretKey()))
                .build())
        .create();
  }

  /**
   * A per-minute logical BackupPolicy of {@code database} on the sample server, into the S3
   * repository under {@code prefix}, encrypted under the Vault transit key; {@code extraSpec} is
   * appended to the spec (e.g. a retention block).
   */
  String minutelyPolicy(String name, String prefix, String database, String extraSpec) {
    return logicalPolicy(name, "* * * * *", prefix, database, extraSpec);
  }

  /** The same with another schedule, e.g. one that never comes round during a test. */
  String logicalPolicy(
      String name, String schedule, String prefix, String database, String extraSpec) {
    return String.join(
            "\n",
            "apiVersion: cadang.io/v1alpha1",
            "kind: BackupPolicy",
            "metadata: {name: " + name + ", namespace: " + APP_NS + "}",
            "spec:",
            "  schedule: \"" + schedule + "\"",
            "  source:",
            "    postgres:",
            "      host: 127.0.0.1",
            "      port: " + postgres.port(),
            "      databases: [" + database + "]",
            "      sslMode: disable",
            "      credentialsSecret: {name: shop-db}",
            "  storage:",
            "    primary:",
            s3Repository(prefix),
            "  encryption:",
            vaultEncryption(),
            "")
        + extraSpec;
  }

  /**
   * A RestoreRequest of the newest backup of {@code policy} into a new database on the sample
   * server, with row-count verification.
   */
  String restoreRequest(String name, String policy, String newDatabase) {
    return String.join(
        "\n",
        "apiVersion: cadang.io/v1alpha1",
        "kind: RestoreRequest",
        "metadata: {name: " + name + ", namespace: " + APP_NS + "}",
        "spec:",
        "  source: {policy: " + policy + "}",
        "  target:",
        "    sourceDatabase: shop",
        "    database:",
        "      host: 127.0.0.1",
        "      port: " + postgres.port(),
        "      name: " + newDatabase,
        "      createDatabase: true",
        "      sslMode: disable",
        "      credentialsSecret: {name: shop-db}",
        "  verify: true",
        "");
  }

  /** The S3 repository block every test policy uses, under its own prefix. */
  String s3Repository(String prefix) {
    return s3Fields("primary", BUCKET, prefix, "      ", "      ");
  }

  /** An item of storage.replicas: another bucket on the same S3 server standing for a region. */
  String s3Replica(String name, String bucket, String prefix) {
    return s3Fields(name, bucket, prefix, "      - ", "        ");
  }

  private String s3Fields(String name, String bucket, String prefix, String first, String indent) {
    return String.join(
        "\n",
        first + "name: " + name,
        indent + "s3:",
        indent + "  bucket: " + bucket,
        indent + "  prefix: " + prefix,
        indent + "  endpoint: " + s3.endpoint(),
        indent + "  region: " + s3.region(),
        indent + "  pathStyle: true",
        indent + "  credentialsSecret:",
        indent + "    name: backup-s3");
  }

  /** Vault transit encryption with Kubernetes auth: no token anywhere in the cluster. */
  String vaultEncryption() {
    return vaultEncryption(VAULT_ROLE);
  }

  /** The same under another Vault role (bound to another service account). */
  String vaultEncryption(String role) {
    return String.join(
        "\n",
        "    vault:",
        "      address: " + vault.address(),
        "      key: " + TRANSIT_KEY,
        "      auth:",
        "        kubernetes:",
        "          role: " + role);
  }

  private synchronized void close() {
    for (AutoCloseable c : toClose) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("e2e teardown: " + e.getMessage());
      }
    }
    toClose.clear();
  }
}
