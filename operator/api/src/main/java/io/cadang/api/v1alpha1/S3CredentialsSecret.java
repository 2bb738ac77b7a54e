package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A Secret holding S3 access keys. Without it the agent uses the AWS SDK default chain (IRSA / web
 * identity, instance profile).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3CredentialsSecret {

  @JsonPropertyDescription(
      "Name of the Secret, in the resource's namespace, that holds the access key pair.")
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  private String name;

  @JsonPropertyDescription("Key within the Secret holding the access key id.")
  @Size(min = 1, max = 253)
  @Pattern("^[-._a-zA-Z0-9]+$")
  @Default("AWS_ACCESS_KEY_ID")
  private String accessKeyIdKey = "AWS_ACCESS_KEY_ID";

  @JsonPropertyDescription("Key within the Secret holding the secret access key.")
  @Size(min = 1, max = 253)
  @Pattern("^[-._a-zA-Z0-9]+$")
  @Default("AWS_SECRET_ACCESS_KEY")
  private String secretAccessKeyKey = "AWS_SECRET_ACCESS_KEY";

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getAccessKeyIdKey() {
    return accessKeyIdKey;
  }

  public void setAccessKeyIdKey(String accessKeyIdKey) {
    this.accessKeyIdKey = accessKeyIdKey;
  }

  public String getSecretAccessKeyKey() {
    return secretAccessKeyKey;
  }

  public void setSecretAccessKeyKey(String secretAccessKeyKey) {
    this.secretAccessKeyKey = secretAccessKeyKey;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof S3CredentialsSecret)) {
      return false;
    }
    S3CredentialsSecret that = (S3CredentialsSecret) o;
    return Objects.equals(name, that.name)
        && Objects.equals(accessKeyIdKey, that.accessKeyIdKey)
        && Objects.equals(secretAccessKeyKey, that.secretAccessKeyKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, accessKeyIdKey, secretAccessKeyKey);
  }
}
