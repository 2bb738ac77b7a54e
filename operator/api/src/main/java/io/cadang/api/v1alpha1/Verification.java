package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** What verification found: row counts and checksums, pg_amcheck, application checks. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Verification {

  @JsonPropertyDescription("Tables whose row counts were compared.")
  private Integer tablesChecked;

  @JsonPropertyDescription("Rows counted across those tables.")
  private Long rowsChecked;

  @JsonPropertyDescription("Tables whose counts differ; empty when the restore is verified.")
  private List<RowCountMismatch> mismatches;

  @JsonPropertyDescription("The policy's application checks (spec.verify.queries), in order.")
  private List<QueryCheckStatus> queries;

  @JsonPropertyDescription("Physical restores: what pg_amcheck found on the recovered cluster.")
  private AmcheckStatus amcheck;

  public Integer getTablesChecked() {
    return tablesChecked;
  }

  public void setTablesChecked(Integer tablesChecked) {
    this.tablesChecked = tablesChecked;
  }

  public Long getRowsChecked() {
    return rowsChecked;
  }

  public void setRowsChecked(Long rowsChecked) {
    this.rowsChecked = rowsChecked;
  }

  public List<RowCountMismatch> getMismatches() {
    return mismatches;
  }

  public void setMismatches(List<RowCountMismatch> mismatches) {
    this.mismatches = mismatches;
  }

  public List<QueryCheckStatus> getQueries() {
    return queries;
  }

  public void setQueries(List<QueryCheckStatus> queries) {
    this.queries = queries;
  }

  public AmcheckStatus getAmcheck() {
    return amcheck;
  }

  public void setAmcheck(AmcheckStatus amcheck) {
    this.amcheck = amcheck;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Verification)) {
      return false;
    }
    Verification that = (Verification) o;
    return Objects.equals(tablesChecked, that.tablesChecked)
        && Objects.equals(rowsChecked, that.rowsChecked)
        && Objects.equals(mismatches, that.mismatches)
        && Objects.equals(queries, that.queries)
        && Objects.equals(amcheck, that.amcheck);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tablesChecked, rowsChecked, mismatches, queries, amcheck);
  }
}
