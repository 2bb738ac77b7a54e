package io.cadang.agent.repository;

import io.cadang.agent.repository.RepositoryException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns SDK exceptions into one-line {@link RepositoryException}s a user can act on. Messages name
 * the bucket and endpoint, never credentials; the SDK exception stays attached as the cause.
 */
final class S3Failures {
  private static final Set<String> ACCESS_DENIED_CODES =
      Set.of(
          "AccessDenied",
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "InvalidToken",
          "ExpiredToken");

  /** An SDK message longer than this is cut: a one-line error is for reading. */
  private static final int MAX_LINE = 300;

  private final S3Settings settings;

  S3Failures(S3Settings settings) {
    this.settings = settings;
  }

  /** For operations on one key, where "not found" means the object is missing. */
  IOException onObject(String operation, String key, SdkException e) {
    if (e instanceof NoSuchKeyException
        || (e instanceof S3Exception s3 && s3.statusCode() == 404 && !isNoSuchBucket(s3))) {
      return notFound(key);
    }
    return translate(operation + " '" + key + "'", e);
  }

  ObjectNotFoundException notFound(String key) {
    return new ObjectNotFoundException("object '" + key + "' not found in " + settings.describe());
  }

  RepositoryException translate(String operation, SdkException e) {
    if (e instanceof S3Exception s3) {
      if (isNoSuchBucket(s3)) {
        return new RepositoryException(
            Reason.BUCKET_NOT_FOUND,
            "bucket '" + settings.bucket() + "' does not exist at " + where(),
            e);
      }
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      // Set.of(...).contains(null) throws: a HEAD error (e.g. 503) has no body and so no code.
      if (s3.statusCode() == 403 || (code != null && ACCESS_DENIED_CODES.contains(code))) {
        return new RepositoryException(
            Reason.ACCESS_DENIED,
            "access denied to bucket '"
                + settings.bucket()
                + "' at "
                + where()
                + " ("
                + (code == null ? "HTTP 403" : code)
                + "): check the access key, secret and bucket policy",
            e);
      }
      return new RepositoryException(
          Reason.FAILED,
          operation
              + " failed in "
              + settings.describe()
              + ": HTTP "
              + s3.statusCode()
              + (code == null ? "" : " " + code),
          e);
    }
    if (e.getMessage() != null && e.getMessage().startsWith("Unable to load credentials")) {
      // The SDK lists every provider of its chain: some 1,500 characters that say one thing.
      return new RepositoryException(
          Reason.ACCESS_DENIED,
          "no S3 credentials for bucket '"
              + settings.bucket()
              + "' at "
              + where()
              + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or their _FILE forms), or run"
              + " with a role that provides them",
          e);
    }
    if (hasCause(e, ConnectException.class)
        || hasCause(e, UnknownHostException.class)
        || hasCause(e, NoRouteToHostException.class)) {
      return new RepositoryException(
          Reason.UNREACHABLE,
          "cannot connect to " + where() + " for bucket '" + settings.bucket() + "'",
          e);
    }
    return new RepositoryException(
        Reason.FAILED,
        operation + " failed in " + settings.describe() + ": " + firstLine(e.getMessage()),
        e);
  }

  private String where() {
    return settings.endpoint() != null
        ? settings.endpoint().toString()
        : "AWS S3 (region " + settings.region() + ")";
  }

  private static boolean isNoSuchBucket(S3Exception e) {
    return e instanceof NoSuchBucketException
        || (e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode()));
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE) + "…";
  }
}
