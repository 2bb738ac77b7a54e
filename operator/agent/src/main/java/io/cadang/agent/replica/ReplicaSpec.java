package io.cadang.agent.replica;

import io.cadang.agent.repository.RepositoryException;
import io.cadang.agent.repository.RepositoryLocation;
import java.util.regex.Pattern;

/**
 * One replica repository as given on the command line: {@code name=uri}, the URI in the same format
 * as the primary's {@code --repo}. Credentials never appear here; see {@link ReplicaEnvironment}.
 *
 * @param name the replica's name (as in the policy's {@code storage.replicas[].name})
 * @param uri the repository location
 * @param index 0-based position among the replicas, which selects its credential variables
 */
public record ReplicaSpec(String name, String uri, int index) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  /**
   * Parses {@code name=uri}; the location is checked now so a typo is a usage error before any
   * backup work starts, not a replica failure after it.
   */
  public static ReplicaSpec parse(String value, int index) {
    int eq = value == null ? -1 : value.indexOf('=');
    // A URI before the first '=' (its query) means the name was left out.
    if (eq <= 0 || eq == value.length() - 1 || value.substring(0, eq).contains(":")) {
      throw new IllegalArgumentException(
          "invalid --replica '" + value + "': expected NAME=REPOSITORY-URI");
    }
    String name = value.substring(0, eq);
    String uri = value.substring(eq + 1);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid replica name '"
              + name
              + "': use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    try {
      RepositoryLocation.parse(uri, "us-east-1");
    } catch (RepositoryException e) {
      throw new IllegalArgumentException("replica '" + name + "': " + e.getMessage(), e);
    }
    return new ReplicaSpec(name, uri, index);
  }
}
