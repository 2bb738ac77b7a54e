package io.cadang.agent.configs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one YAML form of an object: keys sorted at every level, block style, no document marker,
 * quotes only where YAML needs them (strings that look like numbers or booleans keep theirs), a
 * trailing newline. The same object therefore always yields the same bytes, so an unchanged object
 * produces no diff in git.
 */
public final class CanonicalYaml {
  private static final YAMLMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                  .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                  .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                  .build())
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private CanonicalYaml() {}

  public static byte[] write(Map<String, Object> object) {
    try {
      String text = YAML.writeValueAsString(object);
      return (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("object cannot be written as YAML", e);
    }
  }

  public static Map<String, Object> read(byte[] yaml) throws IOException {
    return YAML.readValue(yaml, new TypeReference<Map<String, Object>>() {});
  }
}
