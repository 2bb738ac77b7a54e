package io.cadang.agent.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.keys.KeyException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeyProviderTest {
  private static final byte[] MASTER = bytes(32, 1);
  private static final byte[] DATA_KEY = bytes(32, 2);

  @TempDir Path dir;

  @Test
  void acceptsRawBase64AndHexKeyFilesAsTheSameKey() throws Exception {
    Path raw = write("raw", MASTER);
    Path b64 = write("b64", (" " + Base64.getEncoder().encodeToString(MASTER) + "\n").getBytes());
    Path hex = write("hex", (HexFormat.of().formatHex(MASTER) + "\r\n").getBytes());

    String id = LocalKeyProvider.fromFile(raw).keyId();

    assertEquals(id, LocalKeyProvider.fromFile(b64).keyId());
    assertEquals(id, LocalKeyProvider.fromFile(hex).keyId());
    assertEquals(id, LocalKeyProvider.fromBytes(MASTER).keyId());
  }

  @Test
  void acceptsAKeyFromAnEnvironmentVariable() throws Exception {
    Map<String, String> env = Map.of("CADANG_KEY", Base64.getEncoder().encodeToString(MASTER));

    assertEquals(
        LocalKeyProvider.fromBytes(MASTER).keyId(),
        LocalKeyProvider.fromEnv("CADANG_KEY", env).keyId());
  }

  @Test
  void rejectsARawKeyOfTheWrongLength() throws Exception {
    Path file = write("short", bytes(17, 3));

    KeyException e = assertThrows(KeyException.class, () -> LocalKeyProvider.fromFile(file));

    assertEquals(Reason.INVALID_KEY_SOURCE, e.reason());
    assertEquals(
        "key file " + file + ": expected 32 bytes (raw, base64 or hex), found 17 bytes",
        e.getMessage());
  }

  @Test
  void rejectsBase64AndHexOfTheWrongLength() throws Exception {
    Path b64 = write("b64", Base64.getEncoder().encodeToString(bytes(16, 4)).getBytes());
    // 32 hex characters are 32 bytes long, but they are hex of a 16-byte key: not a raw key.
    Path hex = write("hex", HexFormat.of().formatHex(bytes(16, 5)).getBytes());

    assertEquals(
        "key file "
            + b64
            + ": expected 32 bytes (raw, base64 or hex), found 16 bytes"
            + " (decoded from base64)",
        assertThrows(KeyException.class, () -> LocalKeyProvider.fromFile(b64)).getMessage());
    assertEquals(
        "key file "
            + hex
            + ": expected 32 bytes (raw, base64 or hex), found 16 bytes"
            + " (decoded from hex)",
        assertThrows(KeyException.class, () -> LocalKeyProvider.fromFile(hex)).getMessage());
  }

  @Test
  void missingFileAndUnsetVariableAreInvalidSources() {
    Path missing = dir.resolve("nope");

    KeyException file = assertThrows(KeyException.class, () -> LocalKeyProvider.fromFile(missing));
    KeyException env =
        assertThrows(KeyException.class, () -> LocalKeyProvider.fromEnv("CADANG_KEY", Map.of()));

    assertEquals(Reason.INVALID_KEY_SOURCE, file.reason());
    assertEquals("key file " + missing + ": no such file", file.getMessage());
    assertEquals("environment variable CADANG_KEY is not set", env.getMessage());
  }

  @Test
  void wrapsAndUnwrapsADataKey() throws Exception {
    LocalKeyProvider provider = LocalKeyProvider.fromBytes(MASTER);

    WrappedKey wrapped = provider.wrap(DATA_KEY);

    assertEquals("local", wrapped.provider());
    assertEquals(provider.keyId(), wrapped.keyId());
    assertEquals(1, wrapped.keyVersion());
    assertFalse(wrapped.ciphertext().contains(Base64.getEncoder().encodeToString(DATA_KEY)));
    assertArrayEquals(DATA_KEY, provider.unwrap(wrapped));
  }

  @Test
  void unwrappingWithAnotherMasterKeyIsWrongKey() throws Exception {
    LocalKeyProvider mine = LocalKeyProvider.fromBytes(MASTER);
    LocalKeyProvider other = LocalKeyProvider.fromBytes(bytes(32, 9));
    WrappedKey wrapped = mine.wrap(DATA_KEY);

    KeyException e = assertThrows(KeyException.class, () -> other.unwrap(wrapped));

    assertEquals(Reason.WRONG_KEY, e.reason());
    assertEquals(
        "data key was wrapped by a different master key (key id "
            + mine.keyId()
            + ", this key is "
            + other.keyId()
            + ")",
        e.getMessage());
  }

  @Test
  void wrongMasterKeyIsCaughtByKeyWrapEvenWhenTheKeyIdIsForged() throws Exception {
    LocalKeyProvider other = LocalKeyProvider.fromBytes(bytes(32, 9));
    WrappedKey wrapped = LocalKeyProvider.fromBytes(MASTER).wrap(DATA_KEY);
    WrappedKey forged = new WrappedKey("local", other.keyId(), 1, wrapped.ciphertext());

    KeyException e = assertThrows(KeyException.class, () -> other.unwrap(forged));

    assertEquals(Reason.WRONG_KEY, e.reason());
  }

  @Test
  void keyIdIsStableAndAShortNonSecretFingerprint() throws Exception {
    String id = LocalKeyProvider.fromBytes(MASTER).keyId();

    assertEquals(id, LocalKeyProvider.fromBytes(MASTER.clone()).keyId());
    assertTrue(id.matches("local:[0-9a-f]{16}"), id);
    assertNotEquals(id, LocalKeyProvider.fromBytes(bytes(32, 9)).keyId());
    assertFalse(HexFormat.of().formatHex(MASTER).contains(id.substring(6)));
  }

  @Test
  void keyMaterialNeverAppearsInToStringOrErrors() throws Exception {
    LocalKeyProvider provider = LocalKeyProvider.fromBytes(MASTER);
    LocalKeyProvider other = LocalKeyProvider.fromBytes(bytes(32, 9));
    WrappedKey wrapped = provider.wrap(DATA_KEY);
    Path badFile = write("bad", (Base64.getEncoder().encodeToString(MASTER) + "xx").getBytes());

    List<String> texts =
        List.of(
            provider.toString(),
            wrapped.toString(),
            assertThrows(KeyException.class, () -> other.unwrap(wrapped)).getMessage(),
            assertThrows(KeyException.class, () -> LocalKeyProvider.fromFile(badFile))
                .getMessage());

    for (String text : texts) {
      for (byte[] secret : List.of(MASTER, DATA_KEY)) {
        assertFalse(text.contains(Base64.getEncoder().encodeToString(secret)), text);
        assertFalse(text.contains(HexFormat.of().formatHex(secret)), text);
        assertFalse(text.toUpperCase().contains(HexFormat.of().withUpperCase().formatHex(secret)));
        assertFalse(text.contains(new String(secret, StandardCharsets.ISO_8859_1)), text);
      }
    }
  }

  @Test
  void generatedKeyFileIsOwnerOnlyBase64OfAFreshKeyAndNeverOverwritten() throws Exception {
    Path file = dir.resolve("master.key");

    LocalKeyProvider.generateKeyFile(file);

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(32, Base64.getDecoder().decode(Files.readString(file).strip()).length);
    LocalKeyProvider provider = LocalKeyProvider.fromFile(file);
    assertArrayEquals(DATA_KEY, provider.unwrap(provider.wrap(DATA_KEY)));
    String before = Files.readString(file);
    KeyException e = assertThrows(KeyException.class, () -> LocalKeyProvider.generateKeyFile(file));
    assertEquals("key file " + file + " already exists; refusing to overwrite it", e.getMessage());
    assertEquals(before, Files.readString(file));
  }

  private Path write(String name, byte[] content) throws Exception {
    return Files.write(dir.resolve(name), content);
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
