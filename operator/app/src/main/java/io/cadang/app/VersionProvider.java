package io.cadang.app;

import io.cadang.agent.backup.CadangVersion;
import picocli.CommandLine.IVersionProvider;

/** Prints the jar's version. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"cadang " + CadangVersion.current()};
  }
}
