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

/** An S3-compatible bucket (AWS S3, MinIO, Ceph RGW, ...) and a key prefix inside it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Backend {

  @JsonPropertyDescription("Bucket name.")
  @Required
  @Size(min = 3, max = 63)
  @Pattern("^[a-z0-9][a-z0-9.-]*[a-z0-9]$")
  private String bucket;

  @JsonPropertyDescription(
      "Key prefix inside the bucket, without leading or trailing slash, e.g. backups/db. Empty: the whole bucket.")
  @Size(max = 512)
  @Pattern("^[^/]+(/[^/]+)*$")
  private String prefix;

  @JsonPropertyDescription(
      "http(s)://host:port of an S3-compatible server; empty for AWS. Must not contain credentials.")
  @Size(max = 512)
  @Pattern("^https?://[^\\s/?#@]+(/[^\\s?#@]*)?$")
  private String endpoint;

  @JsonPropertyDescription(
      "Signing region, e.g. ap-southeast-3. Empty: the agent's AWS_REGION, else us-east-1.")
  @Size(max = 64)
  @Pattern("^[A-Za-z0-9_-]+$")
  private String region;

  @JsonPropertyDescription(
      "Address objects as endpoint/bucket/key instead of bucket.endpoint/key (MinIO, s3proxy, most on-premises servers).")
  @Default("false")
  private Boolean pathStyle = false;

  @JsonPropertyDescription(
      "Storage class of every object written, e.g. STANDARD_IA or GLACIER_IR. Empty: the bucket's default.")
  @Size(max = 64)
  @Pattern("^[A-Z][A-Z0-9_]*$")
  private String storageClass;

  @JsonPropertyDescription(
      "Multipart upload part size in MiB; also the size of each in-memory upload buffer of the Job. Empty: 16.")
  @Min(5)
  @Max(1024)
  private Integer partSizeMb;

  @JsonPropertyDescription(
      "Secret with the access key pair. Empty: the AWS SDK default chain of the Job's pod (e.g. IRSA).")
  private S3CredentialsSecret credentialsSecret;

  @JsonPropertyDescription(
      "Secret with a second access key pair that only the operator reads, used for every deletion (retention, deleted runs, WAL retention). With it, credentialsSecret (the one the backup and WAL pods get) can be write-only: put, get and list, no delete (docs/immutability.md). Empty: deletions use credentialsSecret; if those may not delete, the backup's data stays until a bucket lifecycle rule expires it and the run says so.")
  private S3CredentialsSecret deleteCredentialsSecret;

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public Boolean getPathStyle() {
    return pathStyle;
  }

  public void setPathStyle(Boolean pathStyle) {
    this.pathStyle = pathStyle;
  }

  public String getStorageClass() {
    return storageClass;
  }

  public void setStorageClass(String storageClass) {
    this.storageClass = storageClass;
  }

  public Integer getPartSizeMb() {
    return partSizeMb;
  }

  public void setPartSizeMb(Integer partSizeMb) {
    this.partSizeMb = partSizeMb;
  }

  public S3CredentialsSecret getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(S3CredentialsSecret credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public S3CredentialsSecret getDeleteCredentialsSecret() {
    return deleteCredentialsSecret;
  }

  public void setDeleteCredentialsSecret(S3CredentialsSecret deleteCredentialsSecret) {
    this.deleteCredentialsSecret = deleteCredentialsSecret;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof S3Backend)) {
      return false;
    }
    S3Backend that = (S3Backend) o;
    return Objects.equals(bucket, that.bucket)
        && Objects.equals(prefix, that.prefix)
        && Objects.equals(endpoint, that.endpoint)
        && Objects.equals(region, that.region)
        && Objects.equals(pathStyle, that.pathStyle)
        && Objects.equals(storageClass, that.storageClass)
        && Objects.equals(partSizeMb, that.partSizeMb)
        && Objects.equals(credentialsSecret, that.credentialsSecret)
        && Objects.equals(deleteCredentialsSecret, that.deleteCredentialsSecret);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        bucket,
        prefix,
        endpoint,
        region,
        pathStyle,
        storageClass,
        partSizeMb,
        credentialsSecret,
        deleteCredentialsSecret);
  }
}
