package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * An application check: SQL run on the restored copy after the restore, in a read-only transaction,
 * with what its result must look like.
 */
@ValidationRule(
    value = "!has(self.maxRows) || self.maxRows >= (has(self.minRows) ? self.minRows : 1)",
    message = "maxRows must be at least minRows (which defaults to 1)")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VerifyQuery {

  @JsonPropertyDescription("Unique name of the check, shown in status.")
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
  private String name;

  @JsonPropertyDescription(
      "Database as named in the backup (a restore into another name follows it). Default: the only restored database; postgres after a physical restore.")
  @Size(min = 1, max = 63)
  private String database;

  @JsonPropertyDescription(
      "One SQL statement. It runs read-only with a 60 s statement timeout and is rolled back.")
  @Required
  @Size(min = 1, max = 4096)
  private String sql;

  @JsonPropertyDescription(
      "Run as this role (SET ROLE), after checking that it exists in the restored copy and may log in: proves the application's role and its grants came back.")
  @Size(min = 1, max = 63)
  private String role;

  @JsonPropertyDescription("The first column of the first row, as text, must equal this.")
  private String equals;

  @JsonPropertyDescription("At least this many rows (default 1: an empty result fails).")
  @Min(0)
  private Integer minRows;

  @JsonPropertyDescription("At most this many rows.")
  @Min(0)
  private Integer maxRows;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public String getSql() {
    return sql;
  }

  public void setSql(String sql) {
    this.sql = sql;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  public String getEquals() {
    return equals;
  }

  public void setEquals(String equals) {
    this.equals = equals;
  }

  public Integer getMinRows() {
    return minRows;
  }

  public void setMinRows(Integer minRows) {
    this.minRows = minRows;
  }

  public Integer getMaxRows() {
    return maxRows;
  }

  public void setMaxRows(Integer maxRows) {
    this.maxRows = maxRows;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof VerifyQuery that)) {
      return false;
    }
    return Objects.equals(name, that.name)
        && Objects.equals(database, that.database)
        && Objects.equals(sql, that.sql)
        && Objects.equals(role, that.role)
        && Objects.equals(equals, that.equals)
        && Objects.equals(minRows, that.minRows)
        && Objects.equals(maxRows, that.maxRows);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, database, sql, role, equals, minRows, maxRows);
  }
}
