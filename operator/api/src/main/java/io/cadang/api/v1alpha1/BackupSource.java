package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * What to back up. Exactly one kind of source; today that is postgres (files, configs and volume
 * snapshots are planned).
 */
@ValidationRule(
    value = "has(self.postgres)",
    message = "exactly one source must be set; supported: postgres")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupSource {

  @JsonPropertyDescription("A PostgreSQL server and the databases on it to back up logically.")
  private PostgresSource postgres;

  public PostgresSource getPostgres() {
    return postgres;
  }

  public void setPostgres(PostgresSource postgres) {
    this.postgres = postgres;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof BackupSource)) {
      return false;
    }
    BackupSource that = (BackupSource) o;
    return Objects.equals(postgres, that.postgres);
  }

  @Override
  public int hashCode() {
    return Objects.hash(postgres);
  }
}
