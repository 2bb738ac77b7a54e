package io.cadang.agent.configs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** The API server's own words for a failure, in one line. */
final class KubeErrors {
  private KubeErrors() {}

  static String describe(KubernetesClient client, KubernetesClientException e) {
    if (e.getCode() <= 0) {
      // No HTTP answer at all (connection refused, TLS, DNS): fabric8's own message is a generic
      // "An error has occurred", the causes say what happened.
      return oneLine(
          "cannot reach the API server at " + client.getMasterUrl() + ": " + deepestMessage(e));
    }
    String message = null;
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      message = e.getStatus().getMessage();
    }
    if (message == null || message.isBlank()) {
      message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    if (!message.contains(Integer.toString(e.getCode()))) {
      message = "HTTP " + e.getCode() + ": " + message;
    }
    return oneLine(message);
  }

  /** The causes' messages from the outside in, fabric8's generic wrapper left out. */
  private static String deepestMessage(Throwable e) {
    StringBuilder chain = new StringBuilder();
    for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
      boolean blank = t.getMessage() == null || t.getMessage().isBlank();
      String part = blank ? t.getClass().getSimpleName() : t.getMessage();
      // The JDK HTTP client wraps its failures in message-less IOExceptions: skip the wrappers.
      if (!(blank && t.getClass() == java.io.IOException.class) && chain.indexOf(part) < 0) {
        chain.append(chain.length() == 0 ? "" : ": ").append(part);
      }
    }
    return chain.length() == 0 ? String.valueOf(e.getMessage()) : chain.toString();
  }

  private static String oneLine(String message) {
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).trim();
  }
}
