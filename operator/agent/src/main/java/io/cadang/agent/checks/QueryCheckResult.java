package io.cadang.agent.checks;

/**
 * What one {@link QueryCheck} found.
 *
 * @param name the check
 * @param database where it ran (the restored name)
 * @param passed true when the query ran and its result met every expectation
 * @param rows rows returned; -1 when the query did not run
 * @param value the first column of the first row, cut to 64 characters; null without rows
 * @param problem why it failed, one line; null when it passed
 */
public record QueryCheckResult(
    String name, String database, boolean passed, long rows, String value, String problem) {}
