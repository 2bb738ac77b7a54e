package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** Result of comparing row counts after the restore. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Verification {

  @JsonPropertyDescription("Tables whose row counts were compared.")
  private Integer tablesChecked;

  @JsonPropertyDescription("Rows counted across those tables.")
  private Long rowsChecked;

  @JsonPropertyDescription("Tables whose counts differ; empty when the restore is verified.")
  private List<RowCountMismatch> mismatches;

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
        && Objects.equals(mismatches, that.mismatches);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tablesChecked, rowsChecked, mismatches);
  }
}
