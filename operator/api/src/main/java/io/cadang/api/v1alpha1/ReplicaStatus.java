package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Replication of this backup to one replica repository. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReplicaStatus {

  @JsonPropertyDescription("Name of the replica repository.")
  private String repository;

  @JsonPropertyDescription("Pending, Replicating, Replicated or Failed.")
  private ReplicationState state;

  @JsonPropertyDescription("Detail, e.g. why the copy failed.")
  private String message;

  @JsonPropertyDescription("Objects copied and verified in this replica.")
  private Long objects;

  @JsonPropertyDescription("Stored bytes copied to this replica.")
  private Long bytes;

  public String getRepository() {
    return repository;
  }

  public void setRepository(String repository) {
    this.repository = repository;
  }

  public ReplicationState getState() {
    return state;
  }

  public void setState(ReplicationState state) {
    this.state = state;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Long getObjects() {
    return objects;
  }

  public void setObjects(Long objects) {
    this.objects = objects;
  }

  public Long getBytes() {
    return bytes;
  }

  public void setBytes(Long bytes) {
    this.bytes = bytes;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ReplicaStatus)) {
      return false;
    }
    ReplicaStatus that = (ReplicaStatus) o;
    return Objects.equals(repository, that.repository)
        && Objects.equals(state, that.state)
        && Objects.equals(message, that.message)
        && Objects.equals(objects, that.objects)
        && Objects.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(repository, state, message, objects, bytes);
  }
}
