package io.cadang.agent.keys;

import io.cadang.agent.keys.KeyException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A master key held in this process (CLI use, demos, a Kubernetes Secret mounted as a file). Data
 * keys are wrapped with AES key wrap with padding (RFC 5649, the JDK's {@code AES/KWP/NoPadding}),
 * whose integrity check tells a wrong master key apart from a right one.
 */
public final class LocalKeyProvider implements KeyProvider {
  public static final String PROVIDER = "local";

  private static final byte[] KEY_ID_LABEL = "cadang key id".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec masterKey;
  private final String keyId;

  private LocalKeyProvider(byte[] key) {
    this.masterKey = new SecretKeySpec(key, "AES");
    this.keyId = "local:" + fingerprint(key);
    Arrays.fill(key, (byte) 0);
  }

  /** Reads the master key from a file: raw 32 bytes, or base64 / hex of 32 bytes. */
  public static LocalKeyProvider fromFile(Path file) throws KeyException {
    String source = "key file " + file;
    try {
      return new LocalKeyProvider(MasterKeyDecoder.decode(Files.readAllBytes(file), source));
    } catch (NoSuchFileException e) {
      throw new KeyException(Reason.INVALID_KEY_SOURCE, source + ": no such file");
    } catch (IOException e) {
      throw new KeyException(
          Reason.INVALID_KEY_SOURCE,
          source + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Reads the master key (base64 or hex of 32 bytes) from environment variable {@code varName}. */
  public static LocalKeyProvider fromEnv(String varName, Map<String, String> env)
      throws KeyException {
    String value = env.get(varName);
    String source = "environment variable " + varName;
    if (value == null || value.isBlank()) {
      throw new KeyException(Reason.INVALID_KEY_SOURCE, source + " is not set");
    }
    return new LocalKeyProvider(
        MasterKeyDecoder.decode(value.getBytes(StandardCharsets.ISO_8859_1), source));
  }

  /** Uses key material given directly, in any accepted encoding; the caller may wipe its copy. */
  public static LocalKeyProvider fromBytes(byte[] material) throws KeyException {
    return new LocalKeyProvider(MasterKeyDecoder.decode(material, "raw key"));
  }

  /**
   * Writes a new random key, base64, to {@code file}, readable by its owner only (0600 where the
   * file system has POSIX permissions). Refuses to overwrite: replacing a key orphans every backup
   * wrapped with it.
   */
  public static void generateKeyFile(Path file) throws KeyException {
    byte[] key = new byte[MasterKeyDecoder.KEY_LENGTH];
    RANDOM.nextBytes(key);
    byte[] encoded =
        (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
    Arrays.fill(key, (byte) 0);
    try {
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.write(file, encoded);
    } catch (FileAlreadyExistsException e) {
      throw new KeyException(
          Reason.INVALID_KEY_SOURCE,
          "key file " + file + " already exists; refusing to overwrite it");
    } catch (IOException e) {
      throw new KeyException(
          Reason.INVALID_KEY_SOURCE,
          "key file " + file + ": cannot be written (" + e.getClass().getSimpleName() + ")");
    } finally {
      Arrays.fill(encoded, (byte) 0);
    }
  }

  @Override
  public String keyId() {
    return keyId;
  }

  @Override
  public WrappedKey wrap(byte[] dataKey) throws KeyException {
    try {
      Cipher cipher = Cipher.getInstance("AES/KWP/NoPadding", "SunJCE");
      cipher.init(Cipher.WRAP_MODE, masterKey);
      byte[] wrapped = cipher.wrap(new SecretKeySpec(dataKey, "AES"));
      return new WrappedKey(PROVIDER, keyId, 1, Base64.getEncoder().encodeToString(wrapped));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/KWP/NoPadding unavailable in this JDK", e);
    }
  }

  @Override
  public byte[] unwrap(WrappedKey wrapped) throws KeyException {
    if (!PROVIDER.equals(wrapped.provider())) {
      throw new KeyException(
          Reason.WRONG_KEY,
          "data key was wrapped by provider "
              + wrapped.provider()
              + ", not by a local key (this key is "
              + keyId
              + ")");
    }
    if (!keyId.equals(wrapped.keyId())) {
      throw differentKey(wrapped);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/KWP/NoPadding", "SunJCE");
      cipher.init(Cipher.UNWRAP_MODE, masterKey);
      byte[] ciphertext = Base64.getDecoder().decode(wrapped.ciphertext());
      return cipher.unwrap(ciphertext, "AES", Cipher.SECRET_KEY).getEncoded();
    } catch (IllegalArgumentException | java.security.InvalidKeyException e) {
      // Same key id yet the integrity check fails: the wrapped key was altered.
      throw new KeyException(
          Reason.WRONG_KEY,
          "wrapped data key failed the integrity check of key "
              + keyId
              + " (corrupted or altered)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/KWP/NoPadding unavailable in this JDK", e);
    }
  }

  @Override
  public String toString() {
    return "LocalKeyProvider[" + keyId + "]";
  }

  private KeyException differentKey(WrappedKey wrapped) {
    return new KeyException(
        Reason.WRONG_KEY,
        "data key was wrapped by a different master key (key id "
            + wrapped.keyId()
            + ", this key is "
            + keyId
            + ")");
  }

  /** A non-secret fingerprint: HMAC output reveals nothing usable about the key. */
  private static String fingerprint(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(KEY_ID_LABEL)).substring(0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable in this JDK", e);
    }
  }
}
