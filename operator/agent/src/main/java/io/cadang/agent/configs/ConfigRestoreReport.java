package io.cadang.agent.configs;

import java.util.List;

/**
 * What a config restore found and did.
 *
 * @param backupId the snapshot restored
 * @param objects every object considered, in apply order, with the dry run's verdict
 * @param applied false for {@code --dry-run} (nothing persisted), true once every object applied
 */
public record ConfigRestoreReport(String backupId, List<ObjectResult> objects, boolean applied) {

  /** One object's verdict, e.g. {@code changed Deployment shop/web}. */
  public record ObjectResult(String object, ApplyOutcome outcome) {}

  public long count(ApplyOutcome outcome) {
    return objects.stream().filter(o -> o.outcome() == outcome).count();
  }

  /** Objects the apply creates or changes ("Kind ns/name"), in apply order. */
  public List<String> changes() {
    return objects.stream()
        .filter(o -> o.outcome() != ApplyOutcome.UNCHANGED)
        .map(ObjectResult::object)
        .toList();
  }
}
