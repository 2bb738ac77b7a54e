package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Facts about the PostgreSQL server at backup time. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PostgresFacts {

  @JsonPropertyDescription("server_version of the backed-up server, e.g. 15.8.")
  private String serverVersion;

  public String getServerVersion() {
    return serverVersion;
  }

  public void setServerVersion(String serverVersion) {
    this.serverVersion = serverVersion;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PostgresFacts)) {
      return false;
    }
    PostgresFacts that = (PostgresFacts) o;
    return Objects.equals(serverVersion, that.serverVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(serverVersion);
  }
}
