package io.cadang.agent.manifest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cadang.agent.repository.ObjectNotFoundException;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Which BackupPolicy a repository belongs to, stored at {@value #KEY} beside {@code backups/}. Two
 * policies writing to one prefix would import each other's backups and apply their retention to
 * them; the marker lets the second one be refused instead (docs/format.md).
 *
 * @param formatVersion 1
 * @param namespace the policy's namespace
 * @param policy the policy's name
 * @param createdAt when the marker was written
 */
public record RepositoryMarker(
    int formatVersion, String namespace, String policy, Instant createdAt) {
  public static final String KEY = "cadang-repository.json";
  private static final int MAX_BYTES = 64 * 1024;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public static RepositoryMarker of(String namespace, String policy, Instant now) {
    return new RepositoryMarker(1, namespace, policy, now);
  }

  /** {@code namespace/policy}, as messages name it. */
  public String owner() {
    return namespace + "/" + policy;
  }

  public boolean sameOwner(RepositoryMarker other) {
    return namespace.equals(other.namespace) && policy.equals(other.policy);
  }

  /** The marker, empty when the repository has none; unreadable JSON is a ManifestException. */
  public static Optional<RepositoryMarker> read(Repository repository)
      throws IOException, ManifestException {
    byte[] json;
    try (InputStream in = repository.open(KEY)) {
      json = in.readNBytes(MAX_BYTES);
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
    try {
      RepositoryMarker marker = JSON.readValue(json, RepositoryMarker.class);
      if (marker.namespace() == null || marker.policy() == null) {
        throw new ManifestException(KEY + " in " + repository.describe() + " names no policy");
      }
      return Optional.of(marker);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new ManifestException(
          KEY + " in " + repository.describe() + " is not valid JSON: " + e.getOriginalMessage());
    }
  }

  public void write(Repository repository) throws IOException {
    repository.put(KEY, JSON.writeValueAsBytes(this));
  }
}
