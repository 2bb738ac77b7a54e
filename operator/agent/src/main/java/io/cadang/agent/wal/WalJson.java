package io.cadang.agent.wal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/** JSON for descriptors and status, in the manifest's style (ISO-8601 instants, nulls kept). */
final class WalJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private WalJson() {}

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException(
          value.getClass().getSimpleName() + " cannot be serialized", e);
    }
  }

  /** Reads a descriptor or status; malformed JSON is a one-line {@link IOException} naming key. */
  static <T> T read(String key, byte[] json, Class<T> type) throws IOException {
    T value;
    try {
      value = MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new IOException(key + " in the repository is not a valid " + type.getSimpleName());
    }
    int version = MAPPER.readTree(json).path("formatVersion").asInt(-1);
    if (version != 1) {
      throw new IOException(
          key + " has format version " + version + "; this cadang reads version 1");
    }
    return value;
  }
}
