package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A PostgreSQL table every finished backup Job writes one row to (success or failure), e.g. for a
 * catalog or audit. A failure to write it never fails the backup; it shows in the run's
 * status.backupLog and a Warning Event.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupLog {

  @JsonPropertyDescription("Server host name, e.g. a Service name.")
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[^\\s/]+$")
  private String host;

  @JsonPropertyDescription("Server TCP port.")
  @Min(1)
  @Max(65535)
  @Default("5432")
  private Integer port = 5432;

  @JsonPropertyDescription("Database holding the table.")
  @Required
  @Size(min = 1, max = 63)
  private String database;

  @JsonPropertyDescription(
      "Secret with the role and password that may create and insert into the table.")
  @Required
  private PostgresCredentialsSecret credentialsSecret;

  @JsonPropertyDescription("libpq sslmode for the connection.")
  @Default("prefer")
  private SslMode sslMode = SslMode.PREFER;

  @JsonPropertyDescription(
      "Table, optionally schema-qualified; created (with its schema) when missing.")
  @Size(min = 1, max = 127)
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$")
  @Default("internal.backup_logs")
  private String table = "internal.backup_logs";

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public PostgresCredentialsSecret getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(PostgresCredentialsSecret credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public SslMode getSslMode() {
    return sslMode;
  }

  public void setSslMode(SslMode sslMode) {
    this.sslMode = sslMode;
  }

  public String getTable() {
    return table;
  }

  public void setTable(String table) {
    this.table = table;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof BackupLog)) {
      return false;
    }
    BackupLog that = (BackupLog) o;
    return Objects.equals(host, that.host)
        && Objects.equals(port, that.port)
        && Objects.equals(database, that.database)
        && Objects.equals(credentialsSecret, that.credentialsSecret)
        && Objects.equals(sslMode, that.sslMode)
        && Objects.equals(table, that.table);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port, database, credentialsSecret, sslMode, table);
  }
}
