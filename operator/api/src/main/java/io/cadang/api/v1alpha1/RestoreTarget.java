package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * Where to restore to: exactly one of database (a running server), dataDirectory (a PVC for a new
 * server, physical backups only), files (a PVC, files backups), configs (the cluster, configs
 * backups) or scratch (a throwaway server in the Job's pod, drills only).
 */
@ValidationRule(
    value =
        "size([has(self.database), has(self.dataDirectory), has(self.files), has(self.configs), has(self.scratch)].filter(x, x)) == 1",
    message = "set exactly one target: database, dataDirectory, files, configs or scratch")
@ValidationRule(
    value = "!has(self.dataDirectory) || !has(self.sourceDatabase)",
    message =
        "sourceDatabase picks one database for a database target; a dataDirectory receives the whole cluster")
@ValidationRule(
    value = "!(has(self.files) || has(self.configs)) || !has(self.sourceDatabase)",
    message = "sourceDatabase applies to database targets only")
@ValidationRule(
    value = "!has(self.database) || !has(self.database.name) || has(self.sourceDatabase)",
    message = "database.name renames one database: set sourceDatabase too")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreTarget {

  @JsonPropertyDescription(
      "A running PostgreSQL server. For a Physical policy the Job recovers into scratch space first and then copies the databases over logically.")
  private TargetDatabase database;

  @JsonPropertyDescription(
      "A PersistentVolumeClaim for a new PostgreSQL server; receives the recovered cluster (Physical policies only).")
  private DataDirectoryTarget dataDirectory;

  @JsonPropertyDescription(
      "A PersistentVolumeClaim to extract a files backup into, then verify every file's checksum.")
  private FilesTarget files;

  @JsonPropertyDescription(
      "Re-apply a configs backup to the cluster (server-side apply, dry-run first).")
  private ConfigsTarget configs;

  @JsonPropertyDescription(
      "A throwaway PostgreSQL inside the restore Job's pod (mode: Drill only): restored, verified, checked and removed with the pod.")
  private ScratchTarget scratch;

  @JsonPropertyDescription(
      "Which database of the backup to restore. Empty: every database in the backup.")
  @Size(min = 1, max = 63)
  private String sourceDatabase;

  public TargetDatabase getDatabase() {
    return database;
  }

  public void setDatabase(TargetDatabase database) {
    this.database = database;
  }

  public DataDirectoryTarget getDataDirectory() {
    return dataDirectory;
  }

  public void setDataDirectory(DataDirectoryTarget dataDirectory) {
    this.dataDirectory = dataDirectory;
  }

  public FilesTarget getFiles() {
    return files;
  }

  public void setFiles(FilesTarget files) {
    this.files = files;
  }

  public ConfigsTarget getConfigs() {
    return configs;
  }

  public void setConfigs(ConfigsTarget configs) {
    this.configs = configs;
  }

  public String getSourceDatabase() {
    return sourceDatabase;
  }

  public void setSourceDatabase(String sourceDatabase) {
    this.sourceDatabase = sourceDatabase;
  }

  public ScratchTarget getScratch() {
    return scratch;
  }

  public void setScratch(ScratchTarget scratch) {
    this.scratch = scratch;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RestoreTarget)) {
      return false;
    }
    RestoreTarget that = (RestoreTarget) o;
    return Objects.equals(database, that.database)
        && Objects.equals(dataDirectory, that.dataDirectory)
        && Objects.equals(files, that.files)
        && Objects.equals(configs, that.configs)
        && Objects.equals(sourceDatabase, that.sourceDatabase)
        && Objects.equals(scratch, that.scratch);
  }

  @Override
  public int hashCode() {
    return Objects.hash(database, dataDirectory, files, configs, sourceDatabase, scratch);
  }
}
