package io.cadang.app;

/**
 * slf4j-simple settings for the CLI: timestamps, logs on stderr (stdout carries command output and
 * decrypted data), and quiet third-party libraries.
 */
final class Logging {
  private Logging() {}

  static void configure() {
    set("org.slf4j.simpleLogger.logFile", "System.err");
    set("org.slf4j.simpleLogger.showDateTime", "true");
    set("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    set("org.slf4j.simpleLogger.showThreadName", "false");
    set("org.slf4j.simpleLogger.showShortLogName", "true");
    set("org.slf4j.simpleLogger.defaultLogLevel", "info");
    set("org.slf4j.simpleLogger.log.software.amazon", "warn");
    set("org.slf4j.simpleLogger.log.org.apache.http", "warn");
  }

  private static void set(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
