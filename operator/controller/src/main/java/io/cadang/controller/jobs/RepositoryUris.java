package io.cadang.controller.jobs;

import io.cadang.api.v1alpha1.BackupPolicySpec;
import io.cadang.api.v1alpha1.Repository;
import io.cadang.api.v1alpha1.S3Backend;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's {@code --repo} URI for a repository of a policy (docs/repository.md). Credentials are
 * never part of it; they reach the pod as environment variables from the Secret.
 */
public final class RepositoryUris {
  private RepositoryUris() {}

  /**
   * The URI a writer uses (backup and WAL Jobs, the operator's deletions): with the repository's
   * Object Lock and the period {@link ObjectLockPeriod} derives from the policy.
   */
  public static String of(BackupPolicySpec policy, Repository repository) {
    String uri = of(repository);
    var period = ObjectLockPeriod.of(policy, repository);
    if (period.isEmpty()) {
      return uri;
    }
    return uri
        + (uri.contains("?") ? "&" : "?")
        + "lock-mode="
        + repository.getObjectLock().getMode().name().toLowerCase(java.util.Locale.ROOT)
        + "&lock-retain-seconds="
        + period.get().toSeconds();
  }

  /** The URI a reader uses (restores, verification): no Object Lock parameters. */
  public static String of(Repository repository) {
    S3Backend s3 = repository.getS3();
    if (s3 == null) {
      throw new IllegalArgumentException("repository '" + repository.getName() + "' has no s3");
    }
    StringBuilder uri = new StringBuilder("s3://").append(s3.getBucket());
    String prefix = s3.getPrefix() == null ? "" : s3.getPrefix().replaceAll("^/+|/+$", "");
    if (!prefix.isEmpty()) {
      uri.append('/').append(prefix);
    }
    List<String> query = new ArrayList<>();
    add(query, "endpoint", s3.getEndpoint());
    add(query, "region", s3.getRegion());
    if (Boolean.TRUE.equals(s3.getPathStyle())) {
      query.add("path-style=true");
    }
    add(query, "storage-class", s3.getStorageClass());
    if (s3.getPartSizeMb() != null) {
      query.add("part-size-mb=" + s3.getPartSizeMb());
    }
    if (!query.isEmpty()) {
      uri.append('?').append(String.join("&", query));
    }
    return uri.toString();
  }

  private static void add(List<String> query, String name, String value) {
    if (value != null && !value.isBlank()) {
      query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }
}
