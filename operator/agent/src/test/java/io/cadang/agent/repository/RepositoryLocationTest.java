package io.cadang.agent.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.repository.RepositoryException.Reason;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryLocationTest {
  private static final String SECRET = "s3cr3t/Value+With=Chars";

  @TempDir Path dir;

  private static RepositoryException invalid(String location) {
    RepositoryException e =
        assertThrows(
            RepositoryException.class, () -> RepositoryLocation.parse(location, "us-east-1"));
    assertEquals(Reason.INVALID_LOCATION, e.reason());
    assertFalse(e.getMessage().contains("\n"));
    return e;
  }

  @Test
  void fileUriAndAbsolutePathAreFilesystemLocations() throws RepositoryException {
    assertEquals(
        new RepositoryLocation.Filesystem(Path.of("/var/backups/cadang")),
        RepositoryLocation.parse("file:///var/backups/cadang", "us-east-1"));
    assertEquals(
        new RepositoryLocation.Filesystem(Path.of("/var/backups/cadang")),
        RepositoryLocation.parse("/var/backups/cadang", "us-east-1"));
  }

  @Test
  void aRelativePathWithoutSchemeIsRefusedAsAProbableBucket() {
    RepositoryException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            RepositoryException.class, () -> RepositoryLocation.parse("rel/dir", "us-east-1"));
    assertEquals(
        "repository 'rel/dir' has no scheme: use s3://rel/dir for S3, or an absolute path"
            + " (file:///...) for a directory",
        e.getMessage());
  }

  @Test
  void s3UriCarriesEveryParameter() throws RepositoryException {
    RepositoryLocation location =
        RepositoryLocation.parse(
            "s3://backups/prod/pg?endpoint=http://127.0.0.1:9000&region=eu-west-1"
                + "&path-style=true&storage-class=STANDARD_IA&part-size-mb=32",
            "us-east-1");

    assertEquals(
        new RepositoryLocation.S3(
            "backups",
            "prod/pg",
            URI.create("http://127.0.0.1:9000"),
            "eu-west-1",
            true,
            "STANDARD_IA",
            32 * S3Settings.MIB,
            null,
            null),
        location);
    assertEquals("s3://backups/prod/pg at http://127.0.0.1:9000", location.describe());
  }

  @Test
  void s3UriCarriesTheObjectLock() throws RepositoryException {
    RepositoryLocation.S3 location =
        (RepositoryLocation.S3)
            RepositoryLocation.parse(
                "s3://b/p?lock-mode=Compliance&lock-retain-seconds=90", "us-east-1");
    assertEquals(
        new ObjectLock(ObjectLock.Mode.COMPLIANCE, java.time.Duration.ofSeconds(90)),
        location.objectLock());
    assertEquals(location.objectLock(), location.settings(null, null).objectLock());
  }

  @Test
  void s3UriRefusesAHalfOrBadObjectLock() {
    RepositoryException half =
        assertThrows(
            RepositoryException.class,
            () -> RepositoryLocation.parse("s3://b?lock-mode=governance", "us-east-1"));
    assertEquals(
        "parameters 'lock-mode' and 'lock-retain-seconds' must be given together",
        half.getMessage());
    RepositoryException mode =
        assertThrows(
            RepositoryException.class,
            () ->
                RepositoryLocation.parse(
                    "s3://b?lock-mode=legal&lock-retain-seconds=5", "us-east-1"));
    assertEquals(
        "parameter 'lock-mode': object lock mode must be governance or compliance, got 'legal'",
        mode.getMessage());
    RepositoryException seconds =
        assertThrows(
            RepositoryException.class,
            () ->
                RepositoryLocation.parse(
                    "s3://b?lock-mode=governance&lock-retain-seconds=0", "us-east-1"));
    assertEquals(
        "parameter 'lock-retain-seconds' must be a positive whole number, got 0",
        seconds.getMessage());
  }

  @Test
  void s3UriDefaults() throws RepositoryException {
    RepositoryLocation.S3 location =
        (RepositoryLocation.S3) RepositoryLocation.parse("s3://bucket", "ap-southeast-3");
    assertEquals("", location.prefix());
    assertNull(location.endpoint());
    assertEquals("ap-southeast-3", location.region());
    assertFalse(location.pathStyle());
    assertNull(location.storageClass());
    assertEquals(S3Settings.DEFAULT_PART_SIZE, location.partSizeBytes());
  }

  @Test
  void unknownParameterIsNamed() {
    RepositoryException e = invalid("s3://bucket/p?endpoint=http://h:1&sse=aws:kms");
    assertTrue(e.getMessage().contains("unknown parameter 'sse'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "s3://",
        "s3://bucket/a//b",
        "s3://bucket/../x",
        "s3://key:secret@bucket/x",
        "s3://bucket?endpoint=ftp://host",
        "s3://bucket?endpoint=http://user:pw@host",
        "s3://bucket?part-size-mb=4",
        "s3://bucket?part-size-mb=lots",
        "s3://bucket?path-style=yes",
        "s3://bucket?storage-class=COLD",
        "s3://bucket?region",
        "s3://bucket?region=a&region=b",
        "gs://bucket/x",
        ""
      })
  void malformedLocationsAreInvalid(String location) {
    invalid(location);
  }

  @Test
  void wrongParameterValueIsNamed() {
    assertTrue(invalid("s3://b?part-size-mb=4").getMessage().contains("'part-size-mb'"));
    assertTrue(invalid("s3://b?storage-class=COLD").getMessage().contains("'storage-class'"));
  }

  @Test
  void credentialsComeFromMountedSecretFiles() throws IOException {
    Path id = Files.writeString(dir.resolve("id"), "AKIDEXAMPLE\n");
    Path secret = Files.writeString(dir.resolve("secret"), SECRET + "\n");

    try (Repository repository =
        Repositories.open(
            "s3://bucket/prefix?endpoint=http://127.0.0.1:9&path-style=true",
            Map.of(
                "AWS_ACCESS_KEY_ID_FILE", id.toString(),
                "AWS_SECRET_ACCESS_KEY_FILE", secret.toString(),
                "AWS_REGION", "eu-central-1"))) {
      S3Settings settings = ((S3Repository) repository).settings();
      assertEquals("AKIDEXAMPLE", settings.accessKeyId());
      assertEquals(SECRET, settings.secretAccessKey());
      assertEquals("eu-central-1", settings.region());
      assertEquals("s3://bucket/prefix at http://127.0.0.1:9", repository.describe());
      assertFalse(settings.toString().contains(SECRET), settings.toString());
    }
  }

  @Test
  void credentialsFromVariablesWinOverFiles() throws IOException {
    try (Repository repository =
        Repositories.open(
            "s3://bucket",
            Map.of(
                "AWS_ACCESS_KEY_ID", "AKID",
                "AWS_SECRET_ACCESS_KEY", SECRET,
                "AWS_SECRET_ACCESS_KEY_FILE", "/does/not/exist"))) {
      assertEquals(SECRET, ((S3Repository) repository).settings().secretAccessKey());
      assertEquals("us-east-1", ((S3Repository) repository).settings().region());
    }
  }

  @Test
  void unreadableSecretFileIsReportedWithoutContent() {
    RepositoryException e =
        assertThrows(
            RepositoryException.class,
            () ->
                Repositories.open(
                    "s3://bucket",
                    Map.of(
                        "AWS_ACCESS_KEY_ID",
                        "AKID",
                        "AWS_SECRET_ACCESS_KEY_FILE",
                        dir.resolve("missing").toString())));
    assertEquals(Reason.ACCESS_DENIED, e.reason());
    assertTrue(e.getMessage().contains("AWS_SECRET_ACCESS_KEY_FILE"), e.getMessage());
  }

  @Test
  void halfTheCredentialsIsAnError() {
    RepositoryException e =
        assertThrows(
            RepositoryException.class,
            () -> Repositories.open("s3://bucket", Map.of("AWS_SECRET_ACCESS_KEY", SECRET)));
    assertFalse(e.getMessage().contains(SECRET));
  }

  @Test
  void filesystemLocationOpensAFileRepository() throws IOException {
    Repository repository = Repositories.open(dir.toUri().toString(), Map.of());
    assertInstanceOf(FileRepository.class, repository);
    assertEquals(dir.toUri().toString(), repository.describe());
  }
}
