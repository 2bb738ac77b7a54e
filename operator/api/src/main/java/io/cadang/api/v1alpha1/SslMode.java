package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** libpq {@code sslmode} values, spelled as libpq spells them. */
public enum SslMode {
  @JsonProperty("disable")
  DISABLE,
  @JsonProperty("allow")
  ALLOW,
  @JsonProperty("prefer")
  PREFER,
  @JsonProperty("require")
  REQUIRE,
  @JsonProperty("verify-ca")
  VERIFY_CA,
  @JsonProperty("verify-full")
  VERIFY_FULL
}
