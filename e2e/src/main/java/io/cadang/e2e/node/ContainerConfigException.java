package io.cadang.e2e.node;

/**
 * A container cannot be configured yet (a Secret, ConfigMap or key it needs is missing): the
 * kubelet's CreateContainerConfigError. The pod waits and the node retries, as a kubelet does,
 * because the object may be created later.
 */
final class ContainerConfigException extends Exception {
  ContainerConfigException(String message) {
    super(message);
  }
}
