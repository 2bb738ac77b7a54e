package io.cadang.agent.physical;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {
  @TempDir Path dir;

  /** Prints the JVM's temporary directory: where zstd unpacks its native library. */
  public static final class PrintTmpDir {
    public static void main(String[] args) {
      System.out.print(System.getProperty("java.io.tmpdir"));
    }
  }

  @Test
  void theStartedJvmUsesTheTemporaryDirectoryItIsGiven() throws Exception {
    Process p =
        new ProcessBuilder(Launcher.current(PrintTmpDir.class.getName(), null, dir))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertEquals(dir.toAbsolutePath().toString(), out);
  }
}
