package io.cadang.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The CRDs users install come from {@code crds/}, checked in so that GitOps and Helm can use them
 * without a build. This test makes the build fail when that copy differs from what the model
 * generates, so the two can never silently drift apart. With {@code -Dcadang.updateCrds=true} it
 * rewrites {@code crds/} instead.
 */
class CrdDriftTest {
  private static final String HOW_TO_FIX = "run mvn -pl operator/api test -Dcadang.updateCrds=true";

  @Test
  void checkedInCrdsMatchTheGeneratedOnesByteForByte() throws IOException {
    List<Path> generated = GeneratedCrds.generatedFiles();
    assertFalse(
        generated.isEmpty(), "no CRDs generated in " + GeneratedCrds.generatedDir() + ": run mvn");
    Path crds = GeneratedCrds.checkedInDir();
    boolean update = Boolean.getBoolean("cadang.updateCrds");
    if (update) {
      Files.createDirectories(crds);
    }

    List<String> problems = new ArrayList<>();
    for (Path source : generated) {
      Path copy = crds.resolve(source.getFileName());
      if (Files.exists(copy)
          && Arrays.equals(Files.readAllBytes(source), Files.readAllBytes(copy))) {
        continue;
      }
      if (update) {
        Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
      } else {
        problems.add(
            "crds/" + copy.getFileName() + (Files.exists(copy) ? " is stale" : " is missing"));
      }
    }

    // A CRD that is no longer generated (a renamed or removed kind) must not linger in crds/.
    Set<Path> generatedNames =
        generated.stream().map(Path::getFileName).collect(Collectors.toSet());
    for (Path copy : GeneratedCrds.yamlFiles(crds)) {
      if (!generatedNames.contains(copy.getFileName())) {
        if (update) {
          Files.delete(copy);
        } else {
          problems.add("crds/" + copy.getFileName() + " is stale (no longer generated)");
        }
      }
    }

    if (!problems.isEmpty()) {
      fail(
          problems.stream()
              .map(problem -> problem + ": " + HOW_TO_FIX)
              .collect(Collectors.joining("\n")));
    }
  }
}
