package io.cadang.controller.jobs;

import io.cadang.api.v1alpha1.BackupPolicySpec;
import io.cadang.api.v1alpha1.Repository;
import io.cadang.api.v1alpha1.S3Backend;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    List<String> lock = new ArrayList<>();
    ObjectLockPeriod.of(policy, repository)
        .ifPresent(
            period -> {
              add(
                  lock,
                  "lock-mode",
                  repository.getObjectLock().getMode().name().toLowerCase(Locale.ROOT));
              add(lock, "lock-retain-seconds", Long.toString(period.toSeconds()));
            });
    return build(repository, lock);
  }

  /** The URI a reader uses (restores, verification): no Object Lock parameters. */
  public static String of(Repository repository) {
    return build(repository, List.of());
  }

  /**
   * A reader's URI of the repository as it was at {@code asOf} (RFC 3339; a versioned bucket read
   * without the versions written later), or as it is now when {@code asOf} is empty.
   */
  public static String asOf(Repository repository, String asOf) {
    List<String> extra = new ArrayList<>();
    add(extra, "as-of", asOf);
    return build(repository, extra);
  }

  private static String build(Repository repository, List<String> extra) {
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
    query.addAll(extra);
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
