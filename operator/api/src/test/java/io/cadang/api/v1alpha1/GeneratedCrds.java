package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the build put the generated CRDs and the checked-in copies, as surefire tells the tests.
 */
final class GeneratedCrds {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private GeneratedCrds() {}

  static Path generatedDir() {
    return dir("cadang.generatedCrdsDir", "target/classes/META-INF/fabric8");
  }

  static Path checkedInDir() {
    return dir("cadang.crdsDir", "../../crds");
  }

  static Path examplesDir() {
    return dir("cadang.examplesDir", "../../examples");
  }

  /** The CRD files the generator wrote, e.g. backuppolicies.cadang.io-v1.yml, sorted. */
  static List<Path> generatedFiles() {
    return yamlFiles(generatedDir());
  }

  static List<Path> yamlFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".yml"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CustomResourceDefinition load(String plural) {
    Path file = generatedDir().resolve(plural + "." + CadangApi.GROUP + "-v1.yml");
    try {
      return YAML.copy()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(file.toFile(), CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static Path dir(String property, String fallback) {
    return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
  }
}
