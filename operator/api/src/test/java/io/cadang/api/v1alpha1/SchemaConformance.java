package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The structural part of what the API server checks against a CRD schema: unknown fields, required
 * fields, types, enums, patterns, lengths and ranges. CEL rules are not evaluated here; a real API
 * server does that in e2e.
 */
final class SchemaConformance {
  private SchemaConformance() {}

  /** Problems of {@code value} against {@code schema}, each naming the path; empty when it fits. */
  static List<String> problems(JsonNode value, JSONSchemaProps schema) {
    List<String> problems = new ArrayList<>();
    check(value, schema, "", problems);
    return problems;
  }

  private static void check(JsonNode value, JSONSchemaProps schema, String path, List<String> out) {
    if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
      if (!value.isTextual() && !value.isIntegralNumber()) {
        out.add(path + ": must be an integer or a string");
      }
      return;
    }
    String type = schema.getType();
    if ("object".equals(type)) {
      checkObject(value, schema, path, out);
    } else if ("array".equals(type)) {
      if (!value.isArray()) {
        out.add(path + ": must be a list");
        return;
      }
      checkRange(path, value.size(), schema.getMinItems(), schema.getMaxItems(), out);
      for (int i = 0; i < value.size(); i++) {
        check(value.get(i), schema.getItems().getSchema(), path + "[" + i + "]", out);
      }
    } else if ("string".equals(type)) {
      if (!value.isTextual()) {
        out.add(path + ": must be a string");
        return;
      }
      String text = value.asText();
      checkRange(path, text.length(), schema.getMinLength(), schema.getMaxLength(), out);
      if (schema.getPattern() != null
          && !Pattern.compile(schema.getPattern()).matcher(text).find()) {
        out.add(path + ": '" + text + "' does not match " + schema.getPattern());
      }
      if (schema.getEnum() != null
          && !schema.getEnum().isEmpty()
          && schema.getEnum().stream().noneMatch(e -> e.isTextual() && e.asText().equals(text))) {
        out.add(path + ": '" + text + "' is not one of " + schema.getEnum());
      }
    } else if ("integer".equals(type)) {
      if (!value.isIntegralNumber()) {
        out.add(path + ": must be an integer");
        return;
      }
      if (schema.getMinimum() != null && value.asDouble() < schema.getMinimum()) {
        out.add(path + ": below the minimum " + schema.getMinimum());
      }
      if (schema.getMaximum() != null && value.asDouble() > schema.getMaximum()) {
        out.add(path + ": above the maximum " + schema.getMaximum());
      }
    } else if ("boolean".equals(type) && !value.isBoolean()) {
      out.add(path + ": must be true or false");
    }
  }

  private static void checkObject(
      JsonNode value, JSONSchemaProps schema, String path, List<String> out) {
    if (!value.isObject()) {
      out.add(path + ": must be an object");
      return;
    }
    if (Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
      return;
    }
    Map<String, JSONSchemaProps> properties = schema.getProperties();
    if (schema.getRequired() != null) {
      for (String required : schema.getRequired()) {
        if (!value.has(required)) {
          out.add(path + "." + required + ": required");
        }
      }
    }
    JSONSchemaProps additional =
        schema.getAdditionalProperties() == null
            ? null
            : schema.getAdditionalProperties().getSchema();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String child = path + "." + field.getKey();
      JSONSchemaProps childSchema = properties == null ? null : properties.get(field.getKey());
      if (childSchema == null) {
        childSchema = additional;
      }
      if (childSchema == null) {
        out.add(child + ": unknown field");
      } else {
        check(field.getValue(), childSchema, child, out);
      }
    }
  }

  private static void checkRange(String path, long n, Long min, Long max, List<String> out) {
    if (min != null && n < min) {
      out.add(path + ": shorter than " + min);
    }
    if (max != null && n > max) {
      out.add(path + ": longer than " + max);
    }
  }
}
