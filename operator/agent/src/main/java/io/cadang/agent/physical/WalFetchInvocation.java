package io.cadang.agent.physical;

import io.cadang.agent.keys.KeyOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code restore_command} that makes PostgreSQL fetch WAL through {@code cadang wal-fetch}, and
 * the environment the server must carry for it. The command line holds only non-secret settings
 * (the repository URI, key names, paths); credentials and key material travel in environment
 * variables of the recovering server, the same variables every cadang command reads, and never in a
 * configuration file or in argv.
 *
 * @param command the restore_command value (before GUC quoting)
 * @param environment variables to add to the recovering server's environment
 */
public record WalFetchInvocation(String command, Map<String, String> environment) {
  /** The variable that carries a local master key read from a key file. */
  static final String KEY_VARIABLE = "CADANG_WAL_FETCH_MASTER_KEY";

  private static final List<String> PASSED_THROUGH =
      List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION");

  /**
   * @param launcher how to start cadang: java binary, JVM flags, classpath and main class
   * @param repositoryUri the {@code --repo} value
   * @param keys the key options recover was given
   * @param env recover's own environment
   * @param spoolDir where wal-fetch may prefetch the following segments, or null
   */
  public static WalFetchInvocation build(
      List<String> launcher,
      String repositoryUri,
      KeyOptions keys,
      Map<String, String> env,
      Path spoolDir)
      throws IOException {
    List<String> argv = new ArrayList<>(launcher);
    argv.add("wal-fetch");
    argv.add("--repo");
    argv.add(repositoryUri);
    if (spoolDir != null) {
      // Each restore_command is a fresh JVM; fetching ahead turns one start per segment into one
      // start per batch.
      argv.add("--spool-dir");
      argv.add(spoolDir.toString());
    }
    Map<String, String> vars = new LinkedHashMap<>();
    for (String name : PASSED_THROUGH) {
      String value = credential(env, name);
      if (value != null) {
        vars.put(name, value);
      }
    }
    if (keys.keyFile() != null) {
      // The server's OS user may not be able to read the caller's key file; hand over the key.
      vars.put(KEY_VARIABLE, keyText(Files.readAllBytes(keys.keyFile())));
      argv.add("--key-env");
      argv.add(KEY_VARIABLE);
    } else if (keys.keyEnv() != null && !keys.keyEnv().isBlank()) {
      String value = env.get(keys.keyEnv());
      if (value != null) {
        vars.put(keys.keyEnv(), value);
      }
      argv.add("--key-env");
      argv.add(keys.keyEnv());
    } else if (keys.vaultKey() != null) {
      argv.add("--vault-key");
      argv.add(keys.vaultKey());
      addIfSet(
          argv,
          "--vault-addr",
          keys.vaultAddress() != null ? keys.vaultAddress() : env.get("VAULT_ADDR"));
      addIfSet(argv, "--vault-transit-mount", keys.vaultTransitMount());
      addIfSet(
          argv,
          "--vault-namespace",
          keys.vaultNamespace() != null ? keys.vaultNamespace() : env.get("VAULT_NAMESPACE"));
      addIfSet(argv, "--vault-auth", keys.vaultAuth());
      addIfSet(argv, "--vault-role", keys.vaultRole());
      addIfSet(argv, "--vault-k8s-mount", keys.vaultKubernetesMount());
      if (keys.vaultJwtFile() != null) {
        addIfSet(argv, "--vault-jwt-file", keys.vaultJwtFile().toString());
      }
      String token =
          keys.vaultTokenFile() != null
              ? Files.readString(keys.vaultTokenFile(), StandardCharsets.UTF_8).strip()
              : env.get("VAULT_TOKEN");
      if (token != null) {
        vars.put("VAULT_TOKEN", token);
      }
    }
    StringBuilder command = new StringBuilder();
    for (String arg : argv) {
      command.append(percentEscaped(shellQuoted(arg))).append(' ');
    }
    // %f and %p are PostgreSQL's placeholders for the wanted file and where to write it.
    command.append("%f %p");
    return new WalFetchInvocation(command.toString(), Map.copyOf(vars));
  }

  /** A value from the environment, or from the file its {@code _FILE} variant names. */
  private static String credential(Map<String, String> env, String name) throws IOException {
    String value = env.get(name);
    if (value != null) {
      return value;
    }
    String file = env.get(name + "_FILE");
    return file == null ? null : Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
  }

  /** Key material as text a variable can carry: printable files as they are, raw bytes base64. */
  static String keyText(byte[] material) {
    boolean printable = true;
    for (byte b : material) {
      if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' || b == 0x7f) {
        printable = false;
        break;
      }
    }
    return printable
        ? new String(material, StandardCharsets.US_ASCII).strip()
        : Base64.getEncoder().encodeToString(material);
  }

  private static void addIfSet(List<String> argv, String option, String value) {
    if (value != null && !value.isBlank()) {
      argv.add(option);
      argv.add(value);
    }
  }

  /** Single-quotes an argument for /bin/sh (PostgreSQL runs restore_command through the shell). */
  static String shellQuoted(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  /**
   * The shell command PostgreSQL runs for {@code fileName} written to {@code path}: the command
   * with %f, %p and %% replaced as the server replaces them (%r is not used by wal-fetch).
   */
  public String expandedFor(String fileName, String path) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (c != '%' || i + 1 == command.length()) {
        out.append(c);
        continue;
      }
      char next = command.charAt(++i);
      switch (next) {
        case 'f' -> out.append(fileName);
        case 'p' -> out.append(path);
        case '%' -> out.append('%');
        default -> out.append('%').append(next);
      }
    }
    return out.toString();
  }

  /** PostgreSQL replaces %f, %p, %r and %% in restore_command; literal percent signs double. */
  static String percentEscaped(String text) {
    return text.replace("%", "%%");
  }
}
