package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** Point-in-time recovery: continuous WAL archiving next to the policy's physical base backups. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Pitr {
  /** A Go-style duration such as 30s, 5m, 1h30m; the operator parses it. */
  public static final String DURATION_PATTERN = "^([0-9]+(ms|s|m|h))+$";

  @JsonPropertyDescription(
      "Run a WAL streamer (Deployment <policy>-wal-stream) that archives WAL to the primary repository; needs method: Physical.")
  @Default("false")
  private Boolean enabled = false;

  @JsonPropertyDescription(
      "Name of the physical replication slot the streamer uses; default cadang_<policy> with '-' replaced by '_'.")
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9_]+$")
  private String slotName;

  @JsonPropertyDescription(
      "Recovery point objective: WalArchiving turns False (BehindTarget) when the newest archived point is older than this, e.g. 5m.")
  @Size(min = 2, max = 32)
  @Pattern(DURATION_PATTERN)
  @Default("5m")
  private String targetRpo = "5m";

  @JsonPropertyDescription(
      "How often the streamer uploads the unfinished WAL segment (and reports), e.g. 10s; bounds the data lost with the server.")
  @Size(min = 2, max = 32)
  @Pattern(DURATION_PATTERN)
  @Default("10s")
  private String partialUploadInterval = "10s";

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getSlotName() {
    return slotName;
  }

  public void setSlotName(String slotName) {
    this.slotName = slotName;
  }

  public String getTargetRpo() {
    return targetRpo;
  }

  public void setTargetRpo(String targetRpo) {
    this.targetRpo = targetRpo;
  }

  public String getPartialUploadInterval() {
    return partialUploadInterval;
  }

  public void setPartialUploadInterval(String partialUploadInterval) {
    this.partialUploadInterval = partialUploadInterval;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Pitr)) {
      return false;
    }
    Pitr that = (Pitr) o;
    return Objects.equals(enabled, that.enabled)
        && Objects.equals(slotName, that.slotName)
        && Objects.equals(targetRpo, that.targetRpo)
        && Objects.equals(partialUploadInterval, that.partialUploadInterval);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, slotName, targetRpo, partialUploadInterval);
  }
}
