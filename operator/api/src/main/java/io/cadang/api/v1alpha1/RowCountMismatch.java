package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A table whose row count after the restore differs from the count at backup time. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RowCountMismatch {

  @JsonPropertyDescription(
      "Schema-qualified table, e.g. public.orders (prefixed with the database when several were restored).")
  private String table;

  @JsonPropertyDescription("Rows at backup time.")
  private Long expected;

  @JsonPropertyDescription("Rows after the restore.")
  private Long actual;

  @JsonPropertyDescription(
      "What differs when the counts match: the table's content checksum (values changed).")
  private String problem;

  public String getProblem() {
    return problem;
  }

  public void setProblem(String problem) {
    this.problem = problem;
  }

  public String getTable() {
    return table;
  }

  public void setTable(String table) {
    this.table = table;
  }

  public Long getExpected() {
    return expected;
  }

  public void setExpected(Long expected) {
    this.expected = expected;
  }

  public Long getActual() {
    return actual;
  }

  public void setActual(Long actual) {
    this.actual = actual;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RowCountMismatch)) {
      return false;
    }
    RowCountMismatch that = (RowCountMismatch) o;
    return Objects.equals(table, that.table)
        && Objects.equals(expected, that.expected)
        && Objects.equals(actual, that.actual)
        && Objects.equals(problem, that.problem);
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, expected, actual, problem);
  }
}
