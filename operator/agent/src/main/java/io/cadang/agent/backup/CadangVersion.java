package io.cadang.agent.backup;

/** The version recorded in manifests, from the jar's manifest when packaged. */
public final class CadangVersion {
  private CadangVersion() {}

  public static String current() {
    String v = CadangVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
