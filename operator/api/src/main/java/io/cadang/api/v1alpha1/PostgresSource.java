package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/** The PostgreSQL server to back up with pg_dump (logical backup). */
@ValidationRule(
    value =
        "(has(self.allDatabases) && self.allDatabases) ? (!has(self.databases) || size(self.databases) == 0) : (has(self.databases) && size(self.databases) > 0)",
    message = "set either databases (a non-empty list) or allDatabases: true, not both")
@ValidationRule(
    value = "!has(self.databases) || self.databases.all(d, size(d) > 0 && size(d) <= 63)",
    message = "each database name must be 1 to 63 characters")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PostgresSource {

  @JsonPropertyDescription(
      "Server host name or IP address, e.g. a Service name such as app-db.prod.svc.")
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[^\\s/]+$")
  private String host;

  @JsonPropertyDescription("Server TCP port.")
  @Min(1)
  @Max(65535)
  @Default("5432")
  private Integer port = 5432;

  @JsonPropertyDescription(
      "Databases to back up, each dumped to its own artifact. Set this or allDatabases: true.")
  @Size(max = 256)
  private List<String> databases;

  @JsonPropertyDescription(
      "Back up every non-template database the role can connect to, as found at backup time. Set this or databases.")
  @Default("false")
  private Boolean allDatabases = false;

  @JsonPropertyDescription(
      "Also back up roles and tablespaces (pg_dumpall --globals-only) as globals.sql, needed to restore onto a new server.")
  @Default("false")
  private Boolean globals = false;

  @JsonPropertyDescription("Database used for catalog queries and the globals dump.")
  @Size(min = 1, max = 63)
  @Default("postgres")
  private String maintenanceDatabase = "postgres";

  @JsonPropertyDescription(
      "Secret with the role and password to connect with; the role needs read access to everything it dumps.")
  @Required
  private PostgresCredentialsSecret credentialsSecret;

  @JsonPropertyDescription("libpq sslmode for the connection.")
  @Default("prefer")
  private SslMode sslMode = SslMode.PREFER;

  @JsonPropertyDescription(
      "Logical backups: what the manifest records per table, in the dump's own snapshot, for restores and drills to compare. Checksums (the default): exact row counts and a content checksum of every table's data (taken from the dump as it streams by for UTF8 databases), so a restore that changed values with the same count fails naming the table. Counts: row counts only.")
  @Default("Checksums")
  private VerifyDepth verifyDepth = VerifyDepth.CHECKSUMS;

  public VerifyDepth getVerifyDepth() {
    return verifyDepth;
  }

  public void setVerifyDepth(VerifyDepth verifyDepth) {
    this.verifyDepth = verifyDepth;
  }

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

  public List<String> getDatabases() {
    return databases;
  }

  public void setDatabases(List<String> databases) {
    this.databases = databases;
  }

  public Boolean getAllDatabases() {
    return allDatabases;
  }

  public void setAllDatabases(Boolean allDatabases) {
    this.allDatabases = allDatabases;
  }

  public Boolean getGlobals() {
    return globals;
  }

  public void setGlobals(Boolean globals) {
    this.globals = globals;
  }

  public String getMaintenanceDatabase() {
    return maintenanceDatabase;
  }

  public void setMaintenanceDatabase(String maintenanceDatabase) {
    this.maintenanceDatabase = maintenanceDatabase;
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

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PostgresSource)) {
      return false;
    }
    PostgresSource that = (PostgresSource) o;
    return Objects.equals(host, that.host)
        && Objects.equals(port, that.port)
        && Objects.equals(databases, that.databases)
        && Objects.equals(allDatabases, that.allDatabases)
        && Objects.equals(globals, that.globals)
        && Objects.equals(maintenanceDatabase, that.maintenanceDatabase)
        && Objects.equals(credentialsSecret, that.credentialsSecret)
        && Objects.equals(sslMode, that.sslMode)
        && Objects.equals(verifyDepth, that.verifyDepth);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        host,
        port,
        databases,
        allDatabases,
        globals,
        maintenanceDatabase,
        credentialsSecret,
        sslMode,
        verifyDepth);
  }
}
