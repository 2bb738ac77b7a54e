package io.cadang.app;

import java.util.Map;

/** --checks, or CADANG_CHECKS from the environment (how the operator hands them to its Jobs). */
final class ChecksOption {
  static final String ENV = "CADANG_CHECKS";

  private ChecksOption() {}

  static String text(String option, Map<String, String> env) {
    return option != null ? option : env.get(ENV);
  }
}
