package io.cadang.agent.keys;

import java.nio.file.Path;
import java.util.Objects;

/** How {@link VaultTransitKeyProvider} logs in to Vault. */
public sealed interface VaultAuth permits VaultAuth.Token, VaultAuth.Kubernetes {

  /** The service account token mounted into every pod, used when no JWT file is configured. */
  Path DEFAULT_JWT_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  static VaultAuth token(String token) {
    return new Token(token);
  }

  static VaultAuth kubernetes(String role, String mount, Path jwtFile) {
    return new Kubernetes(
        role,
        mount == null || mount.isBlank() ? "kubernetes" : mount,
        jwtFile == null ? DEFAULT_JWT_FILE : jwtFile);
  }

  /** A ready Vault token. {@link #toString()} hides it so it cannot leak through logs. */
  record Token(String token) implements VaultAuth {
    public Token {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "Token[redacted]";
    }
  }

  /** Kubernetes auth: POST auth/{mount}/login with the role and the service account JWT. */
  record Kubernetes(String role, String mount, Path jwtFile) implements VaultAuth {
    public Kubernetes {
      Objects.requireNonNull(role, "role");
    }
  }
}
