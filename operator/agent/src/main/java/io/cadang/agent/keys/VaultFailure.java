package io.cadang.agent.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadang.agent.keys.KeyException.Reason;
import io.github.jopenlibs.vault.VaultException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One failed Vault call, turned into a one-line {@link KeyException} naming the address and key.
 * Only Vault's own {@code errors} strings are quoted: requests (token, plaintext) never are.
 *
 * @param status the HTTP status, 0 when no answer arrived
 * @param detail Vault's error strings, or the network error's type for status 0
 */
record VaultFailure(int status, String detail) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DETAIL = 200;

  static VaultFailure of(int status, byte[] body) {
    return new VaultFailure(status, errors(new String(body, StandardCharsets.UTF_8)));
  }

  /**
   * The driver reports 5xx and failed logins as exceptions with the body after "Response body:".
   */
  static VaultFailure of(VaultException e) {
    int status = e.getHttpStatusCode();
    if (status == 0) {
      return new VaultFailure(0, networkError(e));
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    int body = message.indexOf("Response body:");
    return new VaultFailure(
        status, body < 0 ? "" : errors(message.substring(body + "Response body:".length())));
  }

  /** Connection failures, overload (429) and server errors may pass; anything else will not. */
  boolean retryable() {
    return status == 0 || status == 429 || status >= 500;
  }

  KeyException toKeyException(VaultTransitSettings s, String operation) {
    String what = "transit " + operation + " with key '" + s.keyName() + "'";
    if (status == 403) {
      return new KeyException(
          Reason.ACCESS_DENIED, "Vault at " + s.address() + " denied " + what + http());
    }
    if (status == 400 && !operation.equals("encrypt")) {
      return new KeyException(
          Reason.WRONG_KEY,
          "Vault at "
              + s.address()
              + " could not decrypt the data key with transit key '"
              + s.keyName()
              + "' (wrong key or corrupted ciphertext)"
              + http());
    }
    return new KeyException(
        Reason.INVALID_KEY_SOURCE, "Vault at " + s.address() + " rejected " + what + http());
  }

  KeyException toLoginException(VaultTransitSettings s, VaultAuth.Kubernetes k) {
    String what =
        " rejected Kubernetes login for role '" + k.role() + "' at auth/" + k.mount() + http();
    Reason reason =
        status == 400 || status == 403 ? Reason.ACCESS_DENIED : Reason.INVALID_KEY_SOURCE;
    return new KeyException(reason, "Vault at " + s.address() + what);
  }

  KeyException exhausted(VaultTransitSettings s, String operation, int attempts) {
    String what =
        (operation.equals("login") ? "login" : "transit " + operation)
            + " with key '"
            + s.keyName()
            + "', "
            + attempts
            + " attempts";
    if (status == 0) {
      return new KeyException(
          Reason.UNREACHABLE,
          "Vault at " + s.address() + " is unreachable (" + what + "): " + detail);
    }
    return new KeyException(
        Reason.UNREACHABLE, "Vault at " + s.address() + " kept failing (" + what + ")" + http());
  }

  private String http() {
    return " (HTTP " + status + (detail.isEmpty() ? "" : ": " + detail) + ")";
  }

  /** The first network-level cause, in words; the driver's own wrappers say nothing useful. */
  private static String networkError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return "connection refused";
      }
      if (t instanceof java.net.UnknownHostException) {
        return "unknown host";
      }
      if (t instanceof java.net.http.HttpTimeoutException
          || t instanceof java.net.SocketTimeoutException) {
        return "timed out";
      }
      if (t instanceof javax.net.ssl.SSLException) {
        return "TLS failure (" + t.getClass().getSimpleName() + ")";
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName();
  }

  private static String errors(String body) {
    try {
      JsonNode errors = JSON.readTree(body.strip()).path("errors");
      StringBuilder out = new StringBuilder();
      for (JsonNode e : errors) {
        out.append(out.length() == 0 ? "" : "; ").append(e.asText());
      }
      String oneLine = out.toString().replaceAll("\\s+", " ").strip();
      return oneLine.length() > MAX_DETAIL ? oneLine.substring(0, MAX_DETAIL) + "…" : oneLine;
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
