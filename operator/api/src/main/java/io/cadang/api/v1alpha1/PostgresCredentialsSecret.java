package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A Secret holding the PostgreSQL role and password; both reach the Job only through secretKeyRef,
 * never inline.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PostgresCredentialsSecret {

  @JsonPropertyDescription(
      "Name of the Secret, in the resource's namespace, that holds the PostgreSQL role and password.")
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  private String name;

  @JsonPropertyDescription("Key within the Secret holding the role name to connect as.")
  @Size(min = 1, max = 253)
  @Pattern("^[-._a-zA-Z0-9]+$")
  @Default("username")
  private String userKey = "username";

  @JsonPropertyDescription("Key within the Secret holding the role's password.")
  @Size(min = 1, max = 253)
  @Pattern("^[-._a-zA-Z0-9]+$")
  @Default("password")
  private String passwordKey = "password";

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getUserKey() {
    return userKey;
  }

  public void setUserKey(String userKey) {
    this.userKey = userKey;
  }

  public String getPasswordKey() {
    return passwordKey;
  }

  public void setPasswordKey(String passwordKey) {
    this.passwordKey = passwordKey;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PostgresCredentialsSecret)) {
      return false;
    }
    PostgresCredentialsSecret that = (PostgresCredentialsSecret) o;
    return Objects.equals(name, that.name)
        && Objects.equals(userKey, that.userKey)
        && Objects.equals(passwordKey, that.passwordKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, userKey, passwordKey);
  }
}
