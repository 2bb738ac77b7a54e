package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.ConditionReason;

/**
 * One thing wrong with a BackupPolicy that the schema cannot catch.
 *
 * @param reason the condition reason, e.g. {@link ConditionReason#SECRET_MISSING}
 * @param message one line naming the field and why, e.g. {@code spec.timeZone: 'Mars/Olympus' is
 *     not an IANA time zone}; never a secret value
 */
public record SpecProblem(ConditionReason reason, String message) {}
