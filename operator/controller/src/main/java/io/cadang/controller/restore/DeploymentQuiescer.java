package io.cadang.controller.restore;

import io.cadang.api.v1alpha1.QuiescedDeployment;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scales the Deployments named in {@code spec.quiesce} to zero and back. The original counts are
 * read once and kept in the request's status, never re-read: after a scale-down the Deployment
 * itself says 0, and trusting it would leave the application down for good. A Deployment at zero
 * still has pods until they have stopped (their grace period), and those pods may still write: the
 * restore waits for {@link #stopping} to report none.
 */
final class DeploymentQuiescer {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentQuiescer.class);

  private final KubernetesClient client;

  DeploymentQuiescer(KubernetesClient client) {
    this.client = client;
  }

  /** The current replica counts, or the name of a Deployment that does not exist. */
  Result record(String namespace, List<String> names) {
    List<QuiescedDeployment> originals = new ArrayList<>();
    for (String name : names) {
      Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
      if (d == null) {
        return new Result(List.of(), Optional.of(name));
      }
      QuiescedDeployment q = new QuiescedDeployment();
      q.setDeployment(name);
      q.setOriginalReplicas(
          d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas());
      originals.add(q);
    }
    return new Result(originals, Optional.empty());
  }

  record Result(List<QuiescedDeployment> originals, Optional<String> missing) {}

  void scaleDown(String namespace, List<QuiescedDeployment> deployments) {
    for (QuiescedDeployment q : deployments) {
      scale(namespace, q.getDeployment(), 0);
    }
  }

  void scaleBack(String namespace, List<QuiescedDeployment> deployments) {
    for (QuiescedDeployment q : deployments) {
      scale(namespace, q.getDeployment(), q.getOriginalReplicas());
    }
  }

  /** The pods the scaled-down Deployments still have, found by each Deployment's selector. */
  PodsStopping stopping(String namespace, List<QuiescedDeployment> deployments) {
    Map<String, Integer> remaining = new TreeMap<>();
    long longestGrace = PodsStopping.DEFAULT_GRACE_SECONDS;
    for (QuiescedDeployment q : deployments) {
      Deployment d =
          client.apps().deployments().inNamespace(namespace).withName(q.getDeployment()).get();
      if (d == null || d.getSpec().getSelector() == null) {
        continue; // deleted meanwhile: its pods go with it
      }
      Long grace = d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
      longestGrace = Math.max(longestGrace, grace == null ? 0 : grace);
      // Pods that ended (evicted ones stay as Failed until collected) run nothing: not waited for.
      int pods =
          (int)
              client
                  .pods()
                  .inNamespace(namespace)
                  .withLabelSelector(d.getSpec().getSelector())
                  .list()
                  .getItems()
                  .stream()
                  .filter(p -> !ended(p))
                  .count();
      remaining.put(q.getDeployment(), pods);
    }
    return PodsStopping.of(remaining, longestGrace);
  }

  private static boolean ended(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private void scale(String namespace, String name, int replicas) {
    var resource = client.apps().deployments().inNamespace(namespace).withName(name);
    Deployment current = resource.get();
    if (current == null) {
      // Deleted by someone else meanwhile: nothing left to scale, and no reason to fail the
      // restore.
      LOG.warn("Deployment {} no longer exists; not scaling it to {}", name, replicas);
      return;
    }
    if (current.getSpec() != null
        && Integer.valueOf(replicas).equals(current.getSpec().getReplicas())) {
      return; // already there: the scale-down is repeated on every pass while pods stop
    }
    resource.edit(
        d -> {
          d.getSpec().setReplicas(replicas);
          return d;
        });
    LOG.info("scaled Deployment {} to {} replicas", name, replicas);
  }
}
