package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Where a restore's time went: the breakdown of the measured RTO. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestorePhasesStatus {

  @JsonPropertyDescription(
      "Fetching, checking and decrypting the backup (a physical backup: also unpacking it).")
  private Double downloadSeconds;

  @JsonPropertyDescription("Loading it (pg_restore) or replaying WAL until promoted.")
  private Double restoreSeconds;

  @JsonPropertyDescription("Proving it: row counts and checksums, pg_amcheck, application checks.")
  private Double verifySeconds;

  public Double getDownloadSeconds() {
    return downloadSeconds;
  }

  public void setDownloadSeconds(Double downloadSeconds) {
    this.downloadSeconds = downloadSeconds;
  }

  public Double getRestoreSeconds() {
    return restoreSeconds;
  }

  public void setRestoreSeconds(Double restoreSeconds) {
    this.restoreSeconds = restoreSeconds;
  }

  public Double getVerifySeconds() {
    return verifySeconds;
  }

  public void setVerifySeconds(Double verifySeconds) {
    this.verifySeconds = verifySeconds;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RestorePhasesStatus that)) {
      return false;
    }
    return Objects.equals(downloadSeconds, that.downloadSeconds)
        && Objects.equals(restoreSeconds, that.restoreSeconds)
        && Objects.equals(verifySeconds, that.verifySeconds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(downloadSeconds, restoreSeconds, verifySeconds);
  }
}
