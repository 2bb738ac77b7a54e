package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What one application check found. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QueryCheckStatus {

  @JsonPropertyDescription("The check.")
  private String name;

  @JsonPropertyDescription("The database it ran in (restored name).")
  private String database;

  @JsonPropertyDescription("True when the query ran and its result met every expectation.")
  private Boolean passed;

  @JsonPropertyDescription("Rows returned; -1 when the query did not run.")
  private Long rows;

  @JsonPropertyDescription("First column of the first row, cut to 64 characters.")
  private String value;

  @JsonPropertyDescription("Why it failed.")
  private String problem;

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

  public Boolean getPassed() {
    return passed;
  }

  public void setPassed(Boolean passed) {
    this.passed = passed;
  }

  public Long getRows() {
    return rows;
  }

  public void setRows(Long rows) {
    this.rows = rows;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  public String getProblem() {
    return problem;
  }

  public void setProblem(String problem) {
    this.problem = problem;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof QueryCheckStatus that)) {
      return false;
    }
    return Objects.equals(name, that.name)
        && Objects.equals(database, that.database)
        && Objects.equals(passed, that.passed)
        && Objects.equals(rows, that.rows)
        && Objects.equals(value, that.value)
        && Objects.equals(problem, that.problem);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, database, passed, rows, value, problem);
  }
}
