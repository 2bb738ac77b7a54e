package io.cadang.agent.repository;

import io.cadang.agent.repository.RepositoryException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Opens a repository from a location URI and the process environment. */
public final class Repositories {
  private Repositories() {}

  /**
   * Opens {@code location} (see {@link RepositoryLocation}). For s3, credentials come from {@code
   * AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, or from the files named by {@code
   * AWS_ACCESS_KEY_ID_FILE}/{@code AWS_SECRET_ACCESS_KEY_FILE} (a mounted Kubernetes Secret); with
   * neither, the SDK's default chain (IRSA, instance profile, ...) applies. The region defaults to
   * {@code AWS_REGION}, else us-east-1.
   */
  public static Repository open(String location, Map<String, String> env)
      throws RepositoryException {
    String defaultRegion = env.getOrDefault("AWS_REGION", "us-east-1");
    RepositoryLocation parsed = RepositoryLocation.parse(location, defaultRegion);
    if (parsed instanceof RepositoryLocation.Filesystem fs) {
      return new FileRepository(fs.root());
    }
    RepositoryLocation.S3 s3 = (RepositoryLocation.S3) parsed;
    String accessKeyId = credential(env, "AWS_ACCESS_KEY_ID", s3);
    String secretAccessKey = credential(env, "AWS_SECRET_ACCESS_KEY", s3);
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new RepositoryException(
          Reason.ACCESS_DENIED,
          "incomplete credentials for "
              + s3.describe()
              + ": set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or their _FILE forms)");
    }
    S3Repository repository = new S3Repository(s3.settings(accessKeyId, secretAccessKey));
    return s3.asOf() == null ? repository : repository.asOf(s3.asOf());
  }

  private static String credential(
      Map<String, String> env, String name, RepositoryLocation.S3 location)
      throws RepositoryException {
    String value = env.get(name);
    if (value != null && !value.isBlank()) {
      return value.trim();
    }
    String file = env.get(name + "_FILE");
    if (file == null || file.isBlank()) {
      return null;
    }
    try {
      // Secret files often end with a newline that is not part of the key.
      String content = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
      if (content.isEmpty()) {
        throw new RepositoryException(
            Reason.ACCESS_DENIED,
            name + "_FILE " + file + " is empty (for " + location.describe() + ")");
      }
      return content;
    } catch (IOException e) {
      if (e instanceof RepositoryException re) {
        throw re;
      }
      throw new RepositoryException(
          Reason.ACCESS_DENIED,
          "cannot read "
              + name
              + "_FILE "
              + file
              + " for "
              + location.describe()
              + ": "
              + e.getClass().getSimpleName(),
          e);
    }
  }
}
