package io.cadang.agent.manifest;

/** Manifests for tests in other packages. */
public final class ManifestSamples {
  private ManifestSamples() {}

  /** The logical sample manifest of {@link ManifestCodecTest}, under another backup id. */
  public static BackupManifest logical(String backupId) {
    BackupManifest m = ManifestCodecTest.sample();
    return new BackupManifest(
        m.formatVersion(),
        backupId,
        m.kind(),
        m.startedAt(),
        m.finishedAt(),
        m.cadangVersion(),
        m.source(),
        m.encryption(),
        m.databases(),
        m.objects(),
        m.physical(),
        m.files(),
        m.configs(),
        m.seal());
  }
}
