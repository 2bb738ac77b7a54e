package io.cadang.agent.manifest;

/** A manifest is missing, unreadable or of an unsupported version. */
public class ManifestException extends Exception {
  public ManifestException(String message) {
    super(message);
  }
}
