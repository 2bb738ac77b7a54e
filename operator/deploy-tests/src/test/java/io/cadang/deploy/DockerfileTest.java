package io.cadang.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.controller.jobs.AgentContainers;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No container runtime here, so the image is checked as text against what runs it: the chart's pod
 * security, the controller's agent pod spec (AgentContainers) and PgTools' search path.
 */
class DockerfileTest {
  static final long IMAGE_UID = 65532;

  private final String dockerfile = read("Dockerfile");

  private static String read(String name) {
    try {
      return Files.readString(RenderedChart.repoRoot().resolve(name));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private List<String> instructions(String keyword) {
    List<String> out = new ArrayList<>();
    for (String line : dockerfile.split("\n")) {
      if (line.startsWith(keyword + " ")) {
        out.add(line.substring(keyword.length() + 1).trim());
      }
    }
    return out;
  }

  @Test
  void runsAsTheNumericUserThePodsRequire() {
    List<String> users = instructions("USER");
    assertEquals(List.of(IMAGE_UID + ":" + IMAGE_UID), users);
    // The agent Jobs the controller builds and the chart's operator pod use the same ids.
    assertEquals(IMAGE_UID, AgentContainers.podSecurity().getRunAsUser());
    assertEquals(IMAGE_UID, AgentContainers.podSecurity().getRunAsGroup());
    assertTrue(
        dockerfile.contains("--uid 65532 --gid 65532"), "image user must exist with uid 65532");
  }

  @Test
  void isAMultiStageBuildWhoseRuntimeIsNotTheBuildImage() {
    List<String> froms = instructions("FROM");
    assertEquals(2, froms.size(), froms.toString());
    assertTrue(froms.get(0).startsWith("maven:") && froms.get(0).contains("17"), froms.get(0));
    assertFalse(froms.get(1).startsWith("maven"), froms.get(1));
    assertTrue(dockerfile.contains("openjdk-17-jre-headless"), "runtime needs a Java 17 JRE");
  }

  @Test
  void installsPostgresqlToolsOfEveryMajorFrom13To17InTheLayoutPgToolsSearches() {
    Matcher m = Pattern.compile("ARG PG_MAJORS=\"([0-9 ]+)\"").matcher(dockerfile);
    assertTrue(m.find(), "PG_MAJORS");
    assertEquals("13 14 15 16 17", m.group(1));
    assertTrue(dockerfile.contains("apt.postgresql.org/pub/repos/apt bookworm-pgdg main"));
    assertTrue(dockerfile.contains("postgresql-client-$v"));
    // PgTools looks under /usr/lib/postgresql/<major>/bin (Debian's layout, which PGDG uses);
    // the build fails unless every major landed there.
    assertTrue(dockerfile.contains("test -x /usr/lib/postgresql/$v/bin/pg_dump"));
    assertFalse(
        dockerfile.contains("CADANG_PG_BIN"), "a fixed bin dir would defeat major matching");
  }

  @Test
  void providesTheCadangCommandThatPodsRun() {
    // The chart's operator and the controller's agent containers both run command ["cadang"].
    assertEquals(
        "[\"cadang\"]",
        RenderedChart.defaults()
            .operatorDeployment()
            .at("/spec/template/spec/containers/0/command")
            .toString());
    assertTrue(dockerfile.contains("COPY --chmod=0755 <<'LAUNCHER' /usr/local/bin/cadang"));
    assertTrue(dockerfile.contains("-jar /opt/cadang/cadang.jar \"$@\""));
    assertTrue(dockerfile.contains("COPY --from=build /cadang.jar /opt/cadang/cadang.jar"));
    assertEquals(List.of("[\"cadang\"]"), instructions("ENTRYPOINT"));
  }

  @Test
  void needsNothingWritableButTmpAtRunTime() {
    // HOME and the working directory point at /tmp, the emptyDir every Cadang pod mounts; the
    // class-data archive is created at build time and only read afterwards.
    assertTrue(dockerfile.contains("HOME=/tmp"));
    List<String> workdirs = instructions("WORKDIR");
    assertEquals("/tmp", workdirs.get(workdirs.size() - 1));
    assertTrue(dockerfile.contains("-XX:ArchiveClassesAtExit=/opt/cadang/cadang.jsa"));
    assertTrue(dockerfile.contains("-XX:SharedArchiveFile=/opt/cadang/cadang.jsa"));
    assertFalse(dockerfile.contains("VOLUME"), "no VOLUME: pods decide what is writable");
  }

  @Test
  void buildContextLeavesOutBuildOutputAndRepositoryNoise() {
    String ignore = read(".dockerignore");
    assertTrue(ignore.contains("**/target/"));
    assertTrue(ignore.contains(".git/"));
  }
}
