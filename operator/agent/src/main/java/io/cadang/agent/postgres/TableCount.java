package io.cadang.agent.postgres;

/**
 * Rows in one table, as seen by one snapshot.
 *
 * @param checksum the table's content checksum ({@link PgCatalog#tableContents}), or null when only
 *     rows were counted
 */
public record TableCount(String schema, String table, long rows, String checksum) {
  public TableCount(String schema, String table, long rows) {
    this(schema, table, rows, null);
  }

  /** Schema-qualified name as it appears in reports. */
  public String qualifiedName() {
    return schema + "." + table;
  }
}
