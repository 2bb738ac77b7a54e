package io.cadang.api.v1alpha1;

/** API group and version of the Cadang custom resources. */
public final class CadangApi {
  public static final String GROUP = "cadang.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  private CadangApi() {}
}
