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

/** The PostgreSQL server (and database) to restore into. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetDatabase {

  @JsonPropertyDescription("Server host name or IP address.")
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
      "Database to restore into; needs sourceDatabase. Empty: each database keeps its name from the backup.")
  @Size(min = 1, max = 63)
  private String name;

  @JsonPropertyDescription("Secret with the role and password to connect with.")
  @Required
  private PostgresCredentialsSecret credentialsSecret;

  @JsonPropertyDescription(
      "Create target databases that do not exist; otherwise a missing one fails the restore.")
  @Default("false")
  private Boolean createDatabase = false;

  @JsonPropertyDescription(
      "Allow a non-empty target database: objects in the backup replace existing ones. Otherwise a non-empty target is refused before anything changes.")
  @Default("false")
  private Boolean overwrite = false;

  @JsonPropertyDescription("Database used for catalog queries and CREATE DATABASE.")
  @Size(min = 1, max = 63)
  @Default("postgres")
  private String maintenanceDatabase = "postgres";

  @JsonPropertyDescription("libpq sslmode for the connection.")
  @Default("prefer")
  private SslMode sslMode = SslMode.PREFER;

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

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public PostgresCredentialsSecret getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(PostgresCredentialsSecret credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public Boolean getCreateDatabase() {
    return createDatabase;
  }

  public void setCreateDatabase(Boolean createDatabase) {
    this.createDatabase = createDatabase;
  }

  public Boolean getOverwrite() {
    return overwrite;
  }

  public void setOverwrite(Boolean overwrite) {
    this.overwrite = overwrite;
  }

  public String getMaintenanceDatabase() {
    return maintenanceDatabase;
  }

  public void setMaintenanceDatabase(String maintenanceDatabase) {
    this.maintenanceDatabase = maintenanceDatabase;
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
    if (!(o instanceof TargetDatabase)) {
      return false;
    }
    TargetDatabase that = (TargetDatabase) o;
    return Objects.equals(host, that.host)
        && Objects.equals(port, that.port)
        && Objects.equals(name, that.name)
        && Objects.equals(credentialsSecret, that.credentialsSecret)
        && Objects.equals(createDatabase, that.createDatabase)
        && Objects.equals(overwrite, that.overwrite)
        && Objects.equals(maintenanceDatabase, that.maintenanceDatabase)
        && Objects.equals(sslMode, that.sslMode);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        host,
        port,
        name,
        credentialsSecret,
        createDatabase,
        overwrite,
        maintenanceDatabase,
        sslMode);
  }
}
