package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;

/**
 * One readiness check against 127.0.0.1 (every pod shares the machine's network): httpGet passes on
 * a 2xx/3xx answer, tcpSocket on an accepted connection. An exec probe is not run (it would have to
 * enter the container's mount namespace): such a container is ready while it runs.
 */
final class ReadinessProbes {
  private ReadinessProbes() {}

  static boolean check(Probe probe, Container container) {
    int timeoutMs = 1000 * (probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds());
    try {
      if (probe.getHttpGet() != null) {
        int port = port(probe.getHttpGet().getPort(), container);
        String scheme =
            probe.getHttpGet().getScheme() == null
                ? "http"
                : probe.getHttpGet().getScheme().toLowerCase(java.util.Locale.ROOT);
        String path = probe.getHttpGet().getPath() == null ? "/" : probe.getHttpGet().getPath();
        HttpURLConnection http =
            (HttpURLConnection) new URL(scheme + "://127.0.0.1:" + port + path).openConnection();
        http.setConnectTimeout(timeoutMs);
        http.setReadTimeout(timeoutMs);
        try {
          int code = http.getResponseCode();
          return code >= 200 && code < 400;
        } finally {
          http.disconnect();
        }
      }
      if (probe.getTcpSocket() != null) {
        try (Socket s = new Socket()) {
          s.connect(
              new InetSocketAddress("127.0.0.1", port(probe.getTcpSocket().getPort(), container)),
              timeoutMs);
          return true;
        }
      }
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** A numeric port, or a named containerPort. */
  static int port(IntOrString port, Container container) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    if (container.getPorts() != null) {
      for (ContainerPort p : container.getPorts()) {
        if (port.getStrVal().equals(p.getName())) {
          return p.getContainerPort();
        }
      }
    }
    throw new IllegalArgumentException("no container port named " + port.getStrVal());
  }
}
