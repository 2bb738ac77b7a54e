package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** What pg_amcheck found on a physically recovered cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AmcheckStatus {

  @JsonPropertyDescription("Databases checked (every one that accepts connections).")
  private Integer databases;

  @JsonPropertyDescription("Tables, TOAST tables and B-tree indexes checked.")
  private Integer relations;

  @JsonPropertyDescription("The first corruption reports; empty when none.")
  private List<String> problems;

  public Integer getDatabases() {
    return databases;
  }

  public void setDatabases(Integer databases) {
    this.databases = databases;
  }

  public Integer getRelations() {
    return relations;
  }

  public void setRelations(Integer relations) {
    this.relations = relations;
  }

  public List<String> getProblems() {
    return problems;
  }

  public void setProblems(List<String> problems) {
    this.problems = problems;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AmcheckStatus that)) {
      return false;
    }
    return Objects.equals(databases, that.databases)
        && Objects.equals(relations, that.relations)
        && Objects.equals(problems, that.problems);
  }

  @Override
  public int hashCode() {
    return Objects.hash(databases, relations, problems);
  }
}
