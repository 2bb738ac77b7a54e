package io.cadang.app;

import io.cadang.agent.repository.Repository;
import io.cadang.agent.wal.WalArchive;
import io.cadang.agent.wal.WalFetcher;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "wal-fetch",
    mixinStandardHelpOptions = true,
    description =
        "restore_command for PostgreSQL: writes the archived WAL file NAME to DEST. Exit 0 ="
            + " written; 1 = not in the archive (end of WAL); 126 = integrity, key or repository"
            + " failure, which makes PostgreSQL abort recovery instead of ending it early.")
final class WalFetchCommand implements Callable<Integer> {
  /** PostgreSQL aborts recovery when restore_command exits above 125 (treated as a shell error). */
  static final int EXIT_FETCH_FAILED = 126;

  static final int EXIT_NOT_FOUND = 1;

  static boolean isWalFetch(picocli.CommandLine commandLine) {
    return "wal-fetch".equals(commandLine.getCommandName());
  }

  @ParentCommand CadangMain root;
  @Mixin RepositoryOption repository;
  @Mixin KeyOptionsMixin keys;

  @Option(
      names = "--spool-dir",
      description = "Directory for prefetched segments (enables prefetch).")
  Path spoolDir;

  @Option(
      names = "--prefetch",
      defaultValue = "8",
      description = "Segments downloaded ahead on a miss when --spool-dir is set (default: 8).")
  int prefetch;

  @Parameters(index = "0", paramLabel = "NAME", description = "WAL file name (%f).")
  String name;

  @Parameters(index = "1", paramLabel = "DEST", description = "Destination path (%p).")
  Path destination;

  @Override
  public Integer call() {
    // No crypto warm-up: one segment is too little data for it to pay off, and this runs per file.
    try (Repository repo = repository.open(root.env())) {
      if (prefetch < 0 || prefetch > 64) {
        throw new IllegalArgumentException("--prefetch must be between 0 and 64");
      }
      WalArchive archive = new WalArchive(repo, keys.open(root.env()), Clock.systemUTC());
      WalFetcher.Outcome outcome =
          new WalFetcher(archive, spoolDir, prefetch).fetch(name, destination);
      if (outcome == WalFetcher.Outcome.NOT_FOUND) {
        root.spec.commandLine().getErr().println("cadang: " + name + WalFetcher.NOT_FOUND_NOTICE);
        return EXIT_NOT_FOUND;
      }
      return 0;
    } catch (Exception e) {
      root.spec.commandLine().getErr().println("cadang: error: " + OneLineErrors.describe(e));
      return EXIT_FETCH_FAILED;
    }
  }
}
