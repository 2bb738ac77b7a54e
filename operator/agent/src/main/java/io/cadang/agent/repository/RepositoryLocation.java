package io.cadang.agent.repository;

import io.cadang.agent.repository.RepositoryException.Reason;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Where a repository lives, parsed from a URI and free of credentials, so it can be logged, shown
 * in a status and compared. Credentials are added separately by {@link Repositories#open}.
 *
 * <p>Syntax: {@code file:///abs/path}, a plain path, or {@code
 * s3://bucket/optional/prefix?endpoint=...&region=...&path-style=true&storage-class=...&part-size-mb=16}
 * plus {@code &lock-mode=governance|compliance&lock-retain-seconds=N} for S3 Object Lock and {@code
 * &as-of=2026-12-07T10:00:00Z} to read a versioned bucket as it was at that time (read-only).
 */
public sealed interface RepositoryLocation {

  /** A directory on a local or mounted filesystem. */
  record Filesystem(Path root) implements RepositoryLocation {
    @Override
    public String describe() {
      return root.toUri().toString();
    }
  }

  /** A bucket and prefix on AWS S3 or an S3-compatible server. */
  record S3(
      String bucket,
      String prefix,
      URI endpoint,
      String region,
      boolean pathStyle,
      String storageClass,
      int partSizeBytes,
      ObjectLock objectLock,
      java.time.Instant asOf)
      implements RepositoryLocation {

    /** Settings for this location with the given credentials (both null: default chain). */
    public S3Settings settings(String accessKeyId, String secretAccessKey) {
      return new S3Settings(
          bucket,
          prefix,
          endpoint,
          region,
          pathStyle,
          storageClass,
          accessKeyId,
          secretAccessKey,
          partSizeBytes,
          S3Settings.DEFAULT_MAX_IN_FLIGHT_PARTS,
          objectLock);
    }

    @Override
    public String describe() {
      String location = "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
      location = endpoint == null ? location : location + " at " + endpoint;
      return asOf == null ? location : location + " as of " + asOf;
    }
  }

  /** Secret-free text for logs and messages. */
  String describe();

  Set<String> S3_PARAMETERS =
      Set.of(
          "endpoint",
          "region",
          "path-style",
          "storage-class",
          "part-size-mb",
          "lock-mode",
          "lock-retain-seconds",
          "as-of");

  /**
   * Parses a location. {@code defaultRegion} applies when an s3 URI has no {@code region}
   * parameter.
   */
  static RepositoryLocation parse(String location, String defaultRegion)
      throws RepositoryException {
    if (location == null || location.isBlank()) {
      throw invalid("repository location is empty");
    }
    if (location.startsWith("s3://")) {
      return parseS3(location, defaultRegion);
    }
    if (location.startsWith("file:")) {
      try {
        return new Filesystem(Path.of(new URI(location)).toAbsolutePath().normalize());
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw invalid("malformed file location '" + location + "': use file:///absolute/path");
      }
    }
    if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      throw invalid(
          "unsupported repository scheme in '"
              + location.substring(0, location.indexOf(':'))
              + "://...': use s3:// or file://");
    }
    if (!location.startsWith("/")) {
      // "mybucket/x" is far more often a bucket without its scheme than a directory meant to be
      // created under the current one: refuse rather than write backups somewhere unexpected.
      throw invalid(
          "repository '"
              + location
              + "' has no scheme: use s3://"
              + location
              + " for S3, or an absolute path (file:///...) for a directory");
    }
    try {
      return new Filesystem(Path.of(location).toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      throw invalid("malformed repository path '" + location + "'");
    }
  }

  private static S3 parseS3(String location, String defaultRegion) throws RepositoryException {
    URI uri;
    try {
      uri = new URI(location);
    } catch (URISyntaxException e) {
      throw invalid("malformed s3 location: " + e.getReason() + " at index " + e.getIndex());
    }
    String bucket = uri.getHost();
    if (bucket == null || bucket.isEmpty() || uri.getUserInfo() != null || uri.getPort() != -1) {
      throw invalid("malformed s3 location: expected s3://bucket/optional/prefix");
    }
    Map<String, String> query = query(uri.getRawQuery());
    for (String name : query.keySet()) {
      if (!S3_PARAMETERS.contains(name)) {
        throw invalid("unknown parameter '" + name + "' in s3 location; known: " + S3_PARAMETERS);
      }
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String prefix = path.replaceAll("^/+|/+$", "");
    if (!prefix.isEmpty()) {
      try {
        ObjectKeys.requireValid(prefix);
      } catch (IllegalArgumentException e) {
        throw invalid("malformed prefix '" + prefix + "' in s3 location");
      }
    }
    return new S3(
        bucket,
        prefix,
        endpoint(query.get("endpoint")),
        query.getOrDefault("region", defaultRegion),
        bool("path-style", query.get("path-style")),
        storageClass(query.get("storage-class")),
        partSize(query.get("part-size-mb")),
        objectLock(query.get("lock-mode"), query.get("lock-retain-seconds")),
        asOf(query.get("as-of")));
  }

  private static java.time.Instant asOf(String value) throws RepositoryException {
    if (value == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(value).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw invalid(
          "parameter 'as-of' must be an RFC 3339 time such as 2026-12-07T10:00:00Z, got '"
              + value
              + "'");
    }
  }

  private static ObjectLock objectLock(String mode, String seconds) throws RepositoryException {
    if (mode == null && seconds == null) {
      return null;
    }
    if (mode == null || seconds == null) {
      throw invalid("parameters 'lock-mode' and 'lock-retain-seconds' must be given together");
    }
    long retain;
    try {
      retain = Long.parseLong(seconds);
    } catch (NumberFormatException e) {
      retain = 0;
    }
    if (retain <= 0) {
      throw invalid(
          "parameter 'lock-retain-seconds' must be a positive whole number, got " + seconds);
    }
    try {
      return new ObjectLock(ObjectLock.Mode.parse(mode), java.time.Duration.ofSeconds(retain));
    } catch (IllegalArgumentException e) {
      throw invalid("parameter 'lock-mode': " + e.getMessage());
    }
  }

  private static URI endpoint(String value) throws RepositoryException {
    if (value == null) {
      return null;
    }
    URI endpoint;
    try {
      endpoint = new URI(value);
    } catch (URISyntaxException e) {
      // The value is not echoed: a mistyped endpoint may carry a password.
      throw invalid("parameter 'endpoint' is not a URL");
    }
    if (endpoint.getRawUserInfo() != null) {
      throw invalid("parameter 'endpoint' must not carry credentials");
    }
    if (endpoint.getHost() == null
        || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
      throw invalid("parameter 'endpoint' must be an http(s) URL, got '" + value + "'");
    }
    return endpoint;
  }

  private static boolean bool(String name, String value) throws RepositoryException {
    if (value == null) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw invalid("parameter '" + name + "' must be true or false, got '" + value + "'");
    };
  }

  private static String storageClass(String value) throws RepositoryException {
    if (value == null) {
      return null;
    }
    if (StorageClass.fromValue(value) == StorageClass.UNKNOWN_TO_SDK_VERSION) {
      throw invalid(
          "parameter 'storage-class' has unknown value '" + value + "', e.g. STANDARD_IA");
    }
    return value;
  }

  private static int partSize(String value) throws RepositoryException {
    if (value == null) {
      return S3Settings.DEFAULT_PART_SIZE;
    }
    try {
      int mib = Integer.parseInt(value);
      if (mib >= 5 && mib <= S3Settings.MAX_PART_SIZE / S3Settings.MIB) {
        return mib * S3Settings.MIB;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid("parameter 'part-size-mb' must be a whole number from 5 to 1024, got " + value);
  }

  private static Map<String, String> query(String rawQuery) throws RepositoryException {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw invalid("malformed parameter '" + pair + "' in s3 location: expected name=value");
      }
      String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (query.put(name, value) != null) {
        throw invalid("parameter '" + name + "' given twice in s3 location");
      }
    }
    return query;
  }

  private static RepositoryException invalid(String message) {
    return new RepositoryException(Reason.INVALID_LOCATION, message);
  }
}
