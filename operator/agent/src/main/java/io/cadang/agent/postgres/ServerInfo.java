package io.cadang.agent.postgres;

/**
 * Facts about the server a backup came from.
 *
 * @param version e.g. "15.18"
 * @param versionNum e.g. 150018
 */
public record ServerInfo(String version, int versionNum) {
  public int major() {
    return versionNum / 10000;
  }
}
