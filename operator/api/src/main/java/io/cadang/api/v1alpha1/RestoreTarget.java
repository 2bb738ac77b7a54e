package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * Where to restore to. Exactly one kind of target; today that is database (a PVC for physical
 * restores is planned).
 */
@ValidationRule(
    value = "has(self.database)",
    message = "exactly one target must be set; supported: database")
@ValidationRule(
    value = "!has(self.database) || !has(self.database.name) || has(self.sourceDatabase)",
    message = "database.name renames one database: set sourceDatabase too")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreTarget {

  @JsonPropertyDescription("A PostgreSQL server, for logical backups.")
  private TargetDatabase database;

  @JsonPropertyDescription(
      "Which database of the backup to restore. Empty: every database in the backup.")
  @Size(min = 1, max = 63)
  private String sourceDatabase;

  public TargetDatabase getDatabase() {
    return database;
  }

  public void setDatabase(TargetDatabase database) {
    this.database = database;
  }

  public String getSourceDatabase() {
    return sourceDatabase;
  }

  public void setSourceDatabase(String sourceDatabase) {
    this.sourceDatabase = sourceDatabase;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RestoreTarget)) {
      return false;
    }
    RestoreTarget that = (RestoreTarget) o;
    return Objects.equals(database, that.database)
        && Objects.equals(sourceDatabase, that.sourceDatabase);
  }

  @Override
  public int hashCode() {
    return Objects.hash(database, sourceDatabase);
  }
}
