package io.cadang.agent.checks;

import java.util.List;

/**
 * What {@code pg_amcheck} found on a recovered cluster.
 *
 * @param databases databases checked (every one that accepts connections)
 * @param relations tables, TOAST tables and B-tree indexes checked
 * @param problems the first lines pg_amcheck reported about corruption; empty when none
 */
public record AmcheckResult(int databases, int relations, List<String> problems) {
  public boolean passed() {
    return problems.isEmpty();
  }
}
