package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** S3 Object Lock retention modes. */
public enum ObjectLockMode {
  /**
   * Nobody deletes or overwrites a locked version before its date, except a principal granted
   * s3:BypassGovernanceRetention who asks for the bypass explicitly.
   */
  @JsonProperty("Governance")
  GOVERNANCE,
  /** Nobody, the bucket owner and root account included, deletes a version before its date. */
  @JsonProperty("Compliance")
  COMPLIANCE
}
