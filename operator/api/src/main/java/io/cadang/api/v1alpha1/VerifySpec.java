package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/**
 * Checks every restore and drill of this policy's backups runs on the restored copy before it
 * reports success.
 */
@ValidationRule(
    value =
        "!has(self.queries) || self.queries.all(q, self.queries.filter(p, p.name == q.name).size() == 1)",
    message = "verify.queries: each name must be unique")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VerifySpec {

  @JsonPropertyDescription(
      "Application checks, run in order after row counts and checksums (and pg_amcheck for physical restores).")
  @Size(max = 20)
  private List<VerifyQuery> queries;

  public List<VerifyQuery> getQueries() {
    return queries;
  }

  public void setQueries(List<VerifyQuery> queries) {
    this.queries = queries;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof VerifySpec that)) {
      return false;
    }
    return Objects.equals(queries, that.queries);
  }

  @Override
  public int hashCode() {
    return Objects.hash(queries);
  }
}
