package io.cadang.agent.configs;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** The API server's own words for a failure, in one line. */
final class KubeErrors {
  private KubeErrors() {}

  static String describe(KubernetesClientException e) {
    String message = null;
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      message = e.getStatus().getMessage();
    }
    if (message == null || message.isBlank()) {
      message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    if (e.getCode() > 0 && !message.contains(Integer.toString(e.getCode()))) {
      message = "HTTP " + e.getCode() + ": " + message;
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).trim();
  }
}
