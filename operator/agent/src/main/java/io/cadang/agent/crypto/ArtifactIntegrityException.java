package io.cadang.agent.crypto;

import java.io.IOException;

/**
 * An artifact or manifest failed a format or authenticity check. Each failure has its own {@link
 * Reason} so callers (and tests) can tell a wrong key from a truncated upload from tampering; the
 * message is one line meant for an operator of the platform and never contains key material.
 */
public class ArtifactIntegrityException extends IOException {

  /** What was wrong. Listed roughly in the order the decryptor checks them. */
  public enum Reason {
    /** The stream does not start with the artifact magic. */
    NOT_AN_ARTIFACT,
    /** The header names a format version this build cannot read. */
    UNSUPPORTED_VERSION,
    /** The header's checksum or one of its fields is invalid (accidental corruption). */
    HEADER_CORRUPTED,
    /** The data key does not match the artifact's key commitment. */
    WRONG_KEY,
    /** The key is right but the artifact belongs to another backup id or object name. */
    WRONG_CONTEXT,
    /** The stream ended before the final frame. */
    TRUNCATED,
    /** A frame carries an unexpected index: frames were dropped, duplicated or reordered. */
    FRAME_OUT_OF_ORDER,
    /** A frame failed its authentication tag check or has an impossible length. */
    FRAME_CORRUPTED,
    /** Bytes follow the final frame. */
    TRAILING_DATA,
    /** A manifest does not match its seal. */
    MANIFEST_TAMPERED,
    /** An object the manifest lists is not in the repository. */
    MISSING_OBJECT,
    /** An object's stored size or SHA-256 (or its decompressed size) differs from the manifest. */
    CHECKSUM_MISMATCH
  }

  private final Reason reason;

  public ArtifactIntegrityException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
