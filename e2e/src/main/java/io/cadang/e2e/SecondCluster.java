package io.cadang.e2e;

import io.cadang.e2e.node.LocalNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * A cluster besides the shared environment's (see {@link E2EEnvironment#startAnotherCluster}): its
 * own control plane and etcd, node stand-in and Cadang chart, on the same machine, S3 server and
 * PostgreSQL. Closing it stops its pods, then its control plane; closing twice does nothing.
 */
final class SecondCluster implements AutoCloseable {
  final String name;
  final ControlPlane controlPlane;
  final KubernetesClient admin;
  final Path nodeRoot;
  final int operatorPort;
  private LocalNode node;
  private boolean closed;

  SecondCluster(String name, ControlPlane controlPlane, Path nodeRoot, int operatorPort) {
    this.name = name;
    this.controlPlane = controlPlane;
    this.admin = controlPlane.admin();
    this.nodeRoot = nodeRoot;
    this.operatorPort = operatorPort;
  }

  void startNode(LocalNode node) {
    this.node = node;
  }

  LocalNode node() {
    return node;
  }

  /** Where the node stand-in writes every container's output (the operator's log among them). */
  Path logs() {
    return nodeRoot.resolve("logs");
  }

  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (node != null) {
        node.close();
      }
      admin.close();
    } finally {
      controlPlane.close();
    }
  }
}
