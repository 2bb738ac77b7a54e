package io.cadang.agent.configs;

/** What applying one object does (or would do) to the cluster. */
public enum ApplyOutcome {
  /** The object does not exist yet. */
  CREATED,
  /** The object exists and the apply changes it. */
  CHANGED,
  /** The object exists and already holds the snapshot's configuration. */
  UNCHANGED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
