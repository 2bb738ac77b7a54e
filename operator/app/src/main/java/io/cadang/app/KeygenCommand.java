package io.cadang.app;

import io.cadang.agent.keys.LocalKeyProvider;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = "Create a new random 256-bit master key file (mode 0600; never overwrites).")
final class KeygenCommand implements Callable<Integer> {
  @ParentCommand CadangMain root;

  @Parameters(index = "0", paramLabel = "FILE")
  Path file;

  @Override
  public Integer call() throws Exception {
    LocalKeyProvider.generateKeyFile(file);
    root.spec
        .commandLine()
        .getOut()
        .printf("wrote %s (key id %s)%n", file, LocalKeyProvider.fromFile(file).keyId());
    return 0;
  }
}
