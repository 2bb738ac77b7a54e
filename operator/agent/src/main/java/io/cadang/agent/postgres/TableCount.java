package io.cadang.agent.postgres;

/** Rows in one table, as seen by one snapshot. */
public record TableCount(String schema, String table, long rows) {
  /** Schema-qualified name as it appears in reports. */
  public String qualifiedName() {
    return schema + "." + table;
  }
}
