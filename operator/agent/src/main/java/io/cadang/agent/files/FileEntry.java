package io.cadang.agent.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One member of a files archive as the index records it. Names are kept as the raw bytes the file
 * system holds: Linux names are bytes, not text, and a name that is not valid UTF-8 must still be
 * restored and verified exactly.
 *
 * @param rawPath path relative to the backup root, without a leading {@code ./} ({@code .} for the
 *     root itself)
 * @param size logical size for regular files (holes of sparse files included), else 0
 * @param mode permission bits including setuid/setgid/sticky (07777)
 * @param mtime modification time, epoch seconds
 * @param sha256 hex SHA-256 of a regular file's content, else null
 * @param rawLinkTarget symlink target or, for a hard link, the path of the member it links to
 */
public record FileEntry(
    byte[] rawPath,
    Type type,
    long size,
    int mode,
    long uid,
    long gid,
    long mtime,
    String sha256,
    byte[] rawLinkTarget) {

  /** Member kinds, named as in the index. */
  public enum Type {
    FILE("file"),
    DIR("dir"),
    SYMLINK("symlink"),
    HARDLINK("hardlink"),
    OTHER("other");

    private final String json;

    Type(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }

    public static Type fromJson(String s) {
      for (Type t : values()) {
        if (t.json.equals(s)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown entry type '" + s + "'");
    }
  }

  /** The path as text: itself when valid UTF-8, else with each invalid byte as {@code \xNN}. */
  public String displayPath() {
    return display(rawPath);
  }

  /** A map key that is one-to-one with the raw bytes (ISO-8859-1 maps every byte to a char). */
  public String key() {
    return key(rawPath);
  }

  static String key(byte[] raw) {
    return new String(raw, StandardCharsets.ISO_8859_1);
  }

  /** The UTF-8 text of {@code raw}, or null when it is not valid UTF-8. */
  static String utf8OrNull(byte[] raw) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  static String display(byte[] raw) {
    String text = utf8OrNull(raw);
    if (text != null) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    for (byte b : raw) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        out.append((char) c);
      } else {
        out.append(String.format("\\x%02x", c));
      }
    }
    return out.toString();
  }

  static String base64(byte[] raw) {
    return Base64.getEncoder().encodeToString(raw);
  }
}
