package io.cadang.agent.replica;

import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.repository.RepositoryException;
import java.util.HashMap;
import java.util.Map;

/**
 * Credentials of replica {@code i} come only from {@code CADANG_REPLICA_<i>_ACCESS_KEY_ID} and
 * {@code CADANG_REPLICA_<i>_SECRET_ACCESS_KEY} (or their {@code _FILE} forms), never from the
 * command line. The primary's {@code AWS_*} variables are removed from the replica's view, so a
 * replica in another account never silently signs with the primary's keys; without its own keys the
 * SDK's default chain (IRSA, instance profile) applies.
 */
public final class ReplicaEnvironment {
  private static final String[] AWS_NAMES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"};

  private ReplicaEnvironment() {}

  /** The variable holding replica {@code index}'s access key id. */
  public static String accessKeyIdVariable(int index) {
    return "CADANG_REPLICA_" + index + "_ACCESS_KEY_ID";
  }

  /** The variable holding replica {@code index}'s secret access key. */
  public static String secretAccessKeyVariable(int index) {
    return "CADANG_REPLICA_" + index + "_SECRET_ACCESS_KEY";
  }

  /** The environment {@link Repositories#open} sees for this replica. */
  public static Map<String, String> forReplica(Map<String, String> env, int index) {
    Map<String, String> view = new HashMap<>(env);
    for (String name : AWS_NAMES) {
      view.remove(name);
      view.remove(name + "_FILE");
    }
    copy(env, view, accessKeyIdVariable(index), "AWS_ACCESS_KEY_ID");
    copy(env, view, secretAccessKeyVariable(index), "AWS_SECRET_ACCESS_KEY");
    return view;
  }

  /** Opens the replica's repository with its own credentials. */
  public static Repository open(ReplicaSpec replica, Map<String, String> env)
      throws RepositoryException {
    return Repositories.open(replica.uri(), forReplica(env, replica.index()));
  }

  private static void copy(
      Map<String, String> env, Map<String, String> view, String from, String to) {
    if (env.containsKey(from)) {
      view.put(to, env.get(from));
    }
    if (env.containsKey(from + "_FILE")) {
      view.put(to + "_FILE", env.get(from + "_FILE"));
    }
  }
}
