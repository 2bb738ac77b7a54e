package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * What to back up: exactly one kind of source per policy (a system with a database, files and
 * configs gets one policy per kind).
 */
@ValidationRule(
    value =
        "size([has(self.postgres), has(self.files), has(self.configs), has(self.volumeSnapshots)].filter(x, x)) == 1",
    message = "exactly one source must be set: postgres, files, configs or volumeSnapshots")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupSource {

  @JsonPropertyDescription(
      "A PostgreSQL server and the databases on it to back up (method Logical or Physical).")
  private PostgresSource postgres;

  @JsonPropertyDescription("Files on a PersistentVolumeClaim.")
  private FilesSource files;

  @JsonPropertyDescription("Kubernetes objects (any kind, CRDs included), exported as YAML.")
  private ConfigsSource configs;

  @JsonPropertyDescription("CSI VolumeSnapshots of PersistentVolumeClaims.")
  private VolumeSnapshotsSource volumeSnapshots;

  public PostgresSource getPostgres() {
    return postgres;
  }

  public void setPostgres(PostgresSource postgres) {
    this.postgres = postgres;
  }

  public FilesSource getFiles() {
    return files;
  }

  public void setFiles(FilesSource files) {
    this.files = files;
  }

  public ConfigsSource getConfigs() {
    return configs;
  }

  public void setConfigs(ConfigsSource configs) {
    this.configs = configs;
  }

  public VolumeSnapshotsSource getVolumeSnapshots() {
    return volumeSnapshots;
  }

  public void setVolumeSnapshots(VolumeSnapshotsSource volumeSnapshots) {
    this.volumeSnapshots = volumeSnapshots;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof BackupSource)) {
      return false;
    }
    BackupSource that = (BackupSource) o;
    return Objects.equals(postgres, that.postgres)
        && Objects.equals(files, that.files)
        && Objects.equals(configs, that.configs)
        && Objects.equals(volumeSnapshots, that.volumeSnapshots);
  }

  @Override
  public int hashCode() {
    return Objects.hash(postgres, files, configs, volumeSnapshots);
  }
}
