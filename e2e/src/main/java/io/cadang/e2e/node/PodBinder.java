package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The scheduler's one decision, for the only node there is: every pending pod of the default
 * scheduler goes here, through the pods/binding subresource like kube-scheduler (the API server
 * then sets spec.nodeName and the PodScheduled condition). No filtering: taints, affinity and
 * resources are not considered.
 */
final class PodBinder {
  static final String DEFAULT_SCHEDULER = "default-scheduler";

  private final KubernetesClient client;
  private final String nodeName;

  PodBinder(KubernetesClient client, String nodeName) {
    this.client = client;
    this.nodeName = nodeName;
  }

  static boolean wantsBinding(Pod pod) {
    String scheduler = pod.getSpec().getSchedulerName();
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty())
        && (scheduler == null || scheduler.equals(DEFAULT_SCHEDULER))
        && pod.getMetadata().getDeletionTimestamp() == null
        && !PodStatuses.SUCCEEDED.equals(phase)
        && !PodStatuses.FAILED.equals(phase);
  }

  /** Binds the pod; a conflict (already bound, e.g. seen twice) is not an error. */
  void bind(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    String body =
        "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\""
            + name
            + "\",\"namespace\":\""
            + ns
            + "\",\"uid\":\""
            + pod.getMetadata().getUid()
            + "\"},\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\""
            + nodeName
            + "\"}}";
    String base = client.getConfiguration().getMasterUrl();
    URI uri =
        URI.create(
            (base.endsWith("/") ? base : base + "/")
                + "api/v1/namespaces/"
                + ns
                + "/pods/"
                + name
                + "/binding");
    HttpClient http = client.getHttpClient();
    HttpRequest request =
        http.newHttpRequestBuilder().uri(uri).post("application/json", body).build();
    try {
      HttpResponse<String> response =
          http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
      if (response.code() != 201 && response.code() != 200 && response.code() != 409) {
        throw new KubernetesClientException(
            "binding pod "
                + ns
                + "/"
                + name
                + " failed: HTTP "
                + response.code()
                + " "
                + response.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new KubernetesClientException("binding pod " + ns + "/" + name + " failed", e);
    }
  }
}
