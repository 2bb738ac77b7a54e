package io.cadang.app;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cadang} command: the data-plane CLI (and, later, the operator). Every failure ends in
 * one line on stderr naming the problem and a non-zero exit: 1 for a failure, 2 for bad usage, 3
 * when a restore finished but its verification found differences.
 */
@Command(
    name = "cadang",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Encrypted, verified PostgreSQL backups to S3-compatible or local repositories.",
    subcommands = {
      BackupCommand.class,
      RestoreCommand.class,
      RecoverCommand.class,
      ListCommand.class,
      VerifyCommand.class,
      WalStreamCommand.class,
      WalFetchCommand.class,
      DecryptCommand.class,
      RewrapCommand.class,
      KeygenCommand.class,
      ReplicateCommand.class,
      DemoCommand.class,
      OperatorCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CadangMain implements Runnable {
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_VERIFICATION_FAILED = 3;

  private final Map<String, String> env;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public CadangMain(Map<String, String> env) {
    this.env = env;
  }

  Map<String, String> env() {
    return env;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    Logging.configure();
    System.exit(
        run(
            System.getenv(),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true),
            args));
  }

  /** Runs a command line; used by {@link #main} and by tests with their own environment. */
  public static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new CadangMain(env));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new OneLineErrors(env));
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          // One line like every other failure, so scripts and log scrapers need one rule.
          err.println(
              "cadang: error: "
                  + usageMessage(ex)
                  + " (try 'cadang "
                  + subcommandName(ex.getCommandLine())
                  + "--help')");
          // As restore_command, a usage error must abort recovery, not read as "end of WAL".
          return WalFetchCommand.isWalFetch(ex.getCommandLine())
              ? WalFetchCommand.EXIT_FETCH_FAILED
              : EXIT_USAGE;
        });
    int code;
    try {
      code = cli.execute(args);
    } catch (Error e) {
      // picocli lets Errors through (a class that cannot initialise, a native library that cannot
      // be unpacked). Uncaught they would print a stack trace and exit 1, which restore_command
      // callers read as "end of WAL": report them like any other failure instead.
      err.println("cadang: error: " + OneLineErrors.describe(e));
      code = ranWalFetch(cli) ? WalFetchCommand.EXIT_FETCH_FAILED : EXIT_FAILURE;
    }
    out.flush();
    err.flush();
    return code;
  }

  private static boolean ranWalFetch(CommandLine cli) {
    CommandLine.ParseResult parsed = cli.getParseResult();
    return parsed != null
        && parsed.subcommand() != null
        && WalFetchCommand.isWalFetch(parsed.subcommand().commandSpec().commandLine());
  }

  private static String usageMessage(CommandLine.ParameterException ex) {
    String message = ex.getMessage() == null ? "bad usage" : ex.getMessage().strip();
    int nl = message.indexOf('\n');
    message = nl < 0 ? message : message.substring(0, nl).strip();
    // picocli starts some messages with "Error: "; the prefix above already says so.
    return message.startsWith("Error: ") ? message.substring("Error: ".length()) : message;
  }

  private static String subcommandName(CommandLine cl) {
    String name = cl.getCommandName();
    return "cadang".equals(name) ? "" : name + " ";
  }
}
