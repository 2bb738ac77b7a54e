package io.cadang.agent.configs;

import java.util.Map;

/**
 * Git credentials, only ever from the environment (a Kubernetes Secret mapped to env), never from
 * arguments: argv is visible to every process on the node.
 *
 * @param username HTTPS user name ({@code x-access-token} unless {@code CADANG_GIT_USERNAME})
 * @param token HTTPS token, or null
 * @param sshPrivateKey OpenSSH/PEM private key text, or null
 * @param knownHosts known_hosts lines for SSH host key checking, or null
 */
public record GitCredentials(
    String username, String token, String sshPrivateKey, String knownHosts) {
  public static final String TOKEN_ENV = "CADANG_GIT_TOKEN";
  public static final String USERNAME_ENV = "CADANG_GIT_USERNAME";
  public static final String SSH_KEY_ENV = "CADANG_GIT_SSH_KEY";
  public static final String KNOWN_HOSTS_ENV = "CADANG_GIT_KNOWN_HOSTS";

  public static GitCredentials fromEnv(Map<String, String> env) {
    String user = blankToNull(env.get(USERNAME_ENV));
    return new GitCredentials(
        user == null ? "x-access-token" : user,
        blankToNull(env.get(TOKEN_ENV)),
        blankToNull(env.get(SSH_KEY_ENV)),
        blankToNull(env.get(KNOWN_HOSTS_ENV)));
  }

  public static GitCredentials none() {
    return new GitCredentials("x-access-token", null, null, null);
  }

  @Override
  public String toString() {
    // Records print their fields; these must never reach a log.
    return "GitCredentials[token="
        + (token != null)
        + ", sshKey="
        + (sshPrivateKey != null)
        + ", knownHosts="
        + (knownHosts != null)
        + "]";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
