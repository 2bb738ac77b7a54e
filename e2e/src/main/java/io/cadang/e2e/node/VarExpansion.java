package io.cadang.e2e.node;

import java.util.function.Function;

/**
 * Kubernetes' {@code $(VAR)} expansion of command, args and env values: {@code $(NAME)} becomes the
 * variable's value when it is defined and stays as written when it is not; {@code $$} is an escaped
 * {@code $}; any other {@code $} is kept. The operator's Jobs depend on it ({@code
 * --user=$(PGUSER)} with PGUSER from a Secret), so this follows the kubelet's rules exactly.
 */
final class VarExpansion {
  private VarExpansion() {}

  /**
   * @param lookup the variable's value, or null when it is not defined
   */
  static String expand(String input, Function<String, String> lookup) {
    if (input == null || input.indexOf('$') < 0) {
      return input;
    }
    StringBuilder out = new StringBuilder(input.length());
    int i = 0;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c != '$' || i + 1 == input.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = input.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '(') {
        int close = input.indexOf(')', i + 2);
        if (close < 0) {
          // An unterminated reference is text, like the kubelet keeps it.
          out.append("$(");
          i += 2;
        } else {
          String name = input.substring(i + 2, close);
          String value = lookup.apply(name);
          out.append(value != null ? value : "$(" + name + ")");
          i = close + 1;
        }
      } else {
        out.append('$').append(next);
        i += 2;
      }
    }
    return out.toString();
  }
}
