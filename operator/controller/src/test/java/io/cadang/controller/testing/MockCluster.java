package io.cadang.controller.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.stream.Stream;

/**
 * The fabric8 mock API server in CRUD mode with Cadang's generated CRDs (from {@code crds/})
 * created first. It stores and watches objects but does no schema validation, defaulting,
 * server-side apply or garbage collection — the end-to-end tests on a real API server cover those.
 */
public final class MockCluster implements AutoCloseable {
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockCluster(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  /**
   * The mock's dispatcher, answering every request. The CRUD store throws when a JSON patch
   * operation names a path its stored copy lacks (seen: "[MOVE Operation] Missing field
   * \"activeRun\" at /status" while JOSDK removed a finalizer); the exception escaped to vert.x, no
   * response was sent, and the client retried the same request on timeouts for minutes — a test
   * then timed out under load. Answered here with 409 Conflict, as the API server answers a patch
   * whose base is stale, so the caller re-reads and tries again.
   */
  private static final class AnsweringDispatcher extends KubernetesMixedDispatcher {
    AnsweringDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations) {
      super(expectations);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      try {
        return super.dispatch(request);
      } catch (RuntimeException e) {
        String message = String.valueOf(e.getMessage()).replace("\\", "").replace("\"", "'");
        return new MockResponse()
            .setResponseCode(409)
            .setBody(
                "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\","
                    + "\"reason\":\"Conflict\",\"code\":409,\"message\":\"mock: "
                    + message
                    + "\"}");
      }
    }
  }

  public static MockCluster start(String namespace) {
    // CRUD for everything, plus canned answers the CRUD store cannot give (RBAC self-checks).
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            new AnsweringDispatcher(expectations),
            false);
    server.init();
    // JOSDK's leader election asks what it may do before it starts; the mock grants everything
    // (RBAC itself is exercised on a real API server in the end-to-end tests).
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .addNewResourceRule()
                .withApiGroups("*")
                .withResources("*")
                .withVerbs("*")
                .endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
    KubernetesClient client = server.createClient();
    try (Stream<Path> files = Files.list(crdDirectory())) {
      for (Path crd : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
        client.apiextensions().v1().customResourceDefinitions().load(crd.toFile()).create();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    return new MockCluster(server, client);
  }

  private static Path crdDirectory() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("crds")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir.resolve("crds");
      }
    }
    throw new IllegalStateException("crds/ not found above " + Path.of("").toAbsolutePath());
  }

  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
