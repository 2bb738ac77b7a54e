package io.cadang.agent.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One line of {@code files-index.jsonl} per archive member (docs/files.md): {@code path} when the
 * name is valid UTF-8, {@code pathBase64} (the raw bytes) otherwise; the same for {@code
 * linkTarget} / {@code linkTargetBase64}. JSON lines, so a reader can stream millions of entries.
 */
final class FileIndexCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FileIndexCodec() {}

  static byte[] line(FileEntry e) {
    ObjectNode n = JSON.createObjectNode();
    putName(n, "path", e.rawPath());
    n.put("type", e.type().json());
    n.put("size", e.size());
    n.put("mode", String.format("%04o", e.mode()));
    n.put("uid", e.uid());
    n.put("gid", e.gid());
    n.put("mtime", e.mtime());
    if (e.sha256() != null) {
      n.put("sha256", e.sha256());
    }
    if (e.rawLinkTarget() != null) {
      putName(n, "linkTarget", e.rawLinkTarget());
    }
    try {
      byte[] json = JSON.writeValueAsBytes(n);
      byte[] out = new byte[json.length + 1];
      System.arraycopy(json, 0, out, 0, json.length);
      out[json.length] = '\n';
      return out;
    } catch (IOException e2) {
      throw new IllegalStateException("index entry cannot be serialized", e2);
    }
  }

  static FileEntry parse(String line) throws IOException {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (IOException e) {
      throw new IOException("the files index has a line that is not JSON");
    }
    byte[] path = name(n, "path");
    if (path == null || !n.hasNonNull("type")) {
      throw new IOException("the files index has an entry without path or type");
    }
    try {
      return new FileEntry(
          path,
          FileEntry.Type.fromJson(n.get("type").asText()),
          n.path("size").asLong(),
          Integer.parseInt(n.path("mode").asText("0"), 8),
          n.path("uid").asLong(),
          n.path("gid").asLong(),
          n.path("mtime").asLong(),
          n.hasNonNull("sha256") ? n.get("sha256").asText() : null,
          name(n, "linkTarget"));
    } catch (IllegalArgumentException e) {
      throw new IOException("the files index has a malformed entry: " + e.getMessage());
    }
  }

  private static void putName(ObjectNode n, String field, byte[] raw) {
    String text = FileEntry.utf8OrNull(raw);
    if (text != null) {
      n.put(field, text);
    } else {
      n.put(field + "Base64", FileEntry.base64(raw));
    }
  }

  private static byte[] name(JsonNode n, String field) {
    if (n.hasNonNull(field)) {
      return n.get(field).asText().getBytes(StandardCharsets.UTF_8);
    }
    if (n.hasNonNull(field + "Base64")) {
      return Base64.getDecoder().decode(n.get(field + "Base64").asText());
    }
    return null;
  }
}
