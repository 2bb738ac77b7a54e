package io.cadang.app;

import io.cadang.agent.backup.BackupException;
import io.cadang.agent.crypto.ArtifactIntegrityException;
import io.cadang.agent.keys.KeyException;
import io.cadang.agent.manifest.ManifestException;
import io.cadang.agent.postgres.PgException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns any failure into one line on stderr: {@code cadang: error: <what is wrong>}. Expected
 * failures (typed exceptions) carry messages written for users; anything else is a bug, reported
 * with its type, and with a stack trace only when {@code CADANG_DEBUG=1}.
 */
final class OneLineErrors implements IExecutionExceptionHandler {
  private final Map<String, String> env;

  OneLineErrors(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parsed) {
    cli.getErr().println("cadang: error: " + describe(ex));
    if ("1".equals(env.get("CADANG_DEBUG"))) {
      ex.printStackTrace(cli.getErr());
    }
    cli.getErr().flush();
    return CadangMain.EXIT_FAILURE;
  }

  /** The one-line description of a failure, as printed after {@code cadang: error: }. */
  static String describe(Throwable ex) {
    String message;
    // The JDK's file exceptions carry only the path as their message.
    if (ex instanceof AccessDeniedException) {
      return "permission denied: " + ex.getMessage();
    }
    if (ex instanceof NoSuchFileException) {
      return "no such file or directory: " + ex.getMessage();
    }
    if (ex instanceof PgException
        || ex instanceof KeyException
        || ex instanceof ManifestException
        || ex instanceof BackupException
        || ex instanceof ArtifactIntegrityException
        || ex instanceof IllegalArgumentException
        || ex instanceof IOException) {
      message = firstLine(ex.getMessage(), ex);
    } else {
      message =
          "internal error: "
              + ex.getClass().getSimpleName()
              + ": "
              + firstLine(ex.getMessage(), ex);
    }
    return message;
  }

  private static String firstLine(String message, Throwable ex) {
    if ((message == null || message.isBlank()) && ex.getCause() != null && ex.getCause() != ex) {
      return firstLine(ex.getCause().getMessage(), ex.getCause());
    }
    if (message == null || message.isBlank()) {
      return ex.getClass().getSimpleName();
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).trim();
  }
}
