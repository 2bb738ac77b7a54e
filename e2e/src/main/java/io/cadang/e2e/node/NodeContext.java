package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;

/** What every pod worker needs from its node. */
record NodeContext(
    KubernetesClient client,
    String nodeName,
    int apiServerPort,
    NodeDirs dirs,
    ImageMappings images,
    Map<String, Quantity> allocatable,
    ObjectLookup lookup,
    PodEvents events,
    ClaimBinder claims,
    Duration restartBackoff) {}
