package io.cadang.agent.checks;

/** A check that could not be set up or run at all (bad input, a tool that is missing). */
public class CheckException extends Exception {
  public CheckException(String message) {
    super(message);
  }
}
