package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One object a backup wrote to the primary repository. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Artifact {

  @JsonPropertyDescription("Name of the repository (from the policy's storage) holding the object.")
  private String repository;

  @JsonPropertyDescription(
      "Object key inside the repository, e.g. <backup id>/db/app.dump.zst.enc.")
  private String key;

  @JsonPropertyDescription("Size before compression and encryption (the pg_dump output).")
  private Long bytes;

  @JsonPropertyDescription("Size as stored: compressed and encrypted.")
  private Long storedBytes;

  @JsonPropertyDescription("Hex SHA-256 of the stored object.")
  private String sha256;

  public String getRepository() {
    return repository;
  }

  public void setRepository(String repository) {
    this.repository = repository;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public Long getBytes() {
    return bytes;
  }

  public void setBytes(Long bytes) {
    this.bytes = bytes;
  }

  public Long getStoredBytes() {
    return storedBytes;
  }

  public void setStoredBytes(Long storedBytes) {
    this.storedBytes = storedBytes;
  }

  public String getSha256() {
    return sha256;
  }

  public void setSha256(String sha256) {
    this.sha256 = sha256;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Artifact)) {
      return false;
    }
    Artifact that = (Artifact) o;
    return Objects.equals(repository, that.repository)
        && Objects.equals(key, that.key)
        && Objects.equals(bytes, that.bytes)
        && Objects.equals(storedBytes, that.storedBytes)
        && Objects.equals(sha256, that.sha256);
  }

  @Override
  public int hashCode() {
    return Objects.hash(repository, key, bytes, storedBytes, sha256);
  }
}
