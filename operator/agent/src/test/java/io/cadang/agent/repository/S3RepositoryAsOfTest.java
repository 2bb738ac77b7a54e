package io.cadang.agent.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which version of each key a view "as of T" shows, with S3's LastModified = creation time. */
class S3RepositoryAsOfTest {
  private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

  private static S3Repository.VersionEntry version(String key, String id, String at, long size) {
    return new S3Repository.VersionEntry(key, id, Instant.parse(at), size, false);
  }

  private static S3Repository.VersionEntry marker(String key, String id, String at) {
    return new S3Repository.VersionEntry(key, id, Instant.parse(at), 0, true);
  }

  @Test
  void theNewestVersionNotAfterTheTimeIsShownAndLaterWritesAreIgnored() {
    Map<String, S3RepositoryAsOf.Version> visible =
        S3RepositoryAsOf.visibleAt(
            List.of(
                version("backups/b/manifest.json", "v2-poison", "2026-12-07T10:00:01Z", 9),
                version("backups/b/manifest.json", "v1", "2026-12-07T09:00:00Z", 4),
                version("backups/planted/manifest.json", "p", "2026-12-07T11:00:00Z", 7),
                version("wal/a.json", "w1", "2026-12-07T08:00:00Z", 3),
                marker("wal/a.json", "m-late", "2026-12-07T10:30:00Z"),
                version("wal/gone.json", "g1", "2026-12-07T08:00:00Z", 3),
                marker("wal/gone.json", "m-early", "2026-12-07T09:59:59Z"),
                version("exact.json", "e1", "2026-12-07T10:00:00Z", 5)),
            T);

    assertEquals(
        Map.of(
            "backups/b/manifest.json", new S3RepositoryAsOf.Version("v1", 4),
            "wal/a.json", new S3RepositoryAsOf.Version("w1", 3),
            "exact.json", new S3RepositoryAsOf.Version("e1", 5)),
        visible);
  }
}
