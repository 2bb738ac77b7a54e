package io.cadang.e2e.node;

import java.nio.file.Path;

/**
 * Where the node keeps things under its root: per-pod volumes and termination-message files
 * (removed with the pod), claims' directories (kept across pods, like a disk) and container logs
 * (kept for reading after the pod is gone).
 */
record NodeDirs(Path root) {
  Path pod(String podUid) {
    return root.resolve("pods").resolve(podUid);
  }

  Path volume(String podUid, String volume) {
    return pod(podUid).resolve("volumes").resolve(volume);
  }

  Path terminationLog(String podUid, String container) {
    return pod(podUid).resolve("containers").resolve(container).resolve("termination-log");
  }

  /** A claim's storage: {@code <root>/pvc/<namespace>/<claim>}. */
  Path claim(String namespace, String claim) {
    return root.resolve("pvc").resolve(namespace).resolve(claim);
  }

  /** {@code <root>/logs/<namespace>_<pod>_<container>.log}, appended on every restart. */
  Path log(String namespace, String pod, String container) {
    return root.resolve("logs").resolve(namespace + "_" + pod + "_" + container + ".log");
  }
}
