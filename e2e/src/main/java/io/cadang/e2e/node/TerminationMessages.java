package io.cadang.e2e.node;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A terminated container's message, as the kubelet reads it: the termination-message file (at most
 * 4 KiB); with {@code FallbackToLogsOnError}, a failed container that wrote none gets the last 80
 * lines of its log (at most 2 KiB) instead.
 */
final class TerminationMessages {
  static final int MAX_FILE_BYTES = 4096;
  static final int MAX_LOG_BYTES = 2048;
  static final int LOG_LINES = 80;

  private TerminationMessages() {}

  static String read(Path file, Path log, String policy, int exitCode) {
    String message = head(file, MAX_FILE_BYTES);
    if (message.isEmpty() && exitCode != 0 && "FallbackToLogsOnError".equals(policy)) {
      message = lastLines(tail(log, 64 * 1024), LOG_LINES, MAX_LOG_BYTES);
    }
    return message.isEmpty() ? null : message;
  }

  /** The last {@code lines} lines of {@code text}, cut from the front to {@code maxBytes}. */
  static String lastLines(String text, int lines, int maxBytes) {
    List<String> all = Arrays.asList(text.split("\n", -1));
    int end = all.size();
    if (end > 0 && all.get(end - 1).isEmpty()) {
      end--;
    }
    String joined = String.join("\n", all.subList(Math.max(0, end - lines), end));
    byte[] bytes = joined.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return joined;
    }
    return new String(bytes, bytes.length - maxBytes, maxBytes, StandardCharsets.UTF_8);
  }

  private static String head(Path file, int max) {
    try {
      if (!Files.exists(file)) {
        return "";
      }
      try (var in = Files.newInputStream(file)) {
        return new String(in.readNBytes(max), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return "";
    }
  }

  private static String tail(Path file, int max) {
    if (!Files.exists(file)) {
      return "";
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long len = raf.length();
      long from = Math.max(0, len - max);
      byte[] buf = new byte[(int) (len - from)];
      raf.seek(from);
      raf.readFully(buf);
      return new String(buf, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
