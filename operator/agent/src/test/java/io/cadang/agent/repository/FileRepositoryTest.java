package io.cadang.agent.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileRepositoryTest {
  @TempDir Path root;

  private FileRepository repository() {
    return new FileRepository(root);
  }

  private static byte[] read(Repository repository, String key) throws IOException {
    try (InputStream in = repository.open(key)) {
      return in.readAllBytes();
    }
  }

  private List<Path> tempFiles() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(FileRepository.TEMP_PREFIX))
          .toList();
    }
  }

  @Test
  void streamedObjectReadsBackWithItsSize() throws IOException {
    FileRepository repository = repository();
    byte[] content = new byte[3 * 1024 * 1024 + 17];
    new java.util.Random(1).nextBytes(content);

    long stored;
    try (ObjectUpload upload = repository.create("base/2026/data.bin")) {
      upload.write(content, 0, 1000);
      upload.write(content, 1000, content.length - 1000);
      stored = upload.commit();
    }

    assertEquals(content.length, stored);
    assertArrayEquals(content, read(repository, "base/2026/data.bin"));
    assertEquals(
        new ObjectInfo("base/2026/data.bin", content.length),
        repository.stat("base/2026/data.bin"));
  }

  @Test
  void putWritesASmallObject() throws IOException {
    FileRepository repository = repository();
    repository.put("manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals("{}", new String(read(repository, "manifest.json"), StandardCharsets.UTF_8));
  }

  @Test
  void readerNeverSeesAnUncommittedObject() throws IOException {
    FileRepository repository = repository();
    try (ObjectUpload upload = repository.create("a/object")) {
      upload.write(new byte[100_000]);
      upload.flush();

      assertThrows(ObjectNotFoundException.class, () -> repository.open("a/object"));
      assertThrows(ObjectNotFoundException.class, () -> repository.stat("a/object"));
      assertEquals(List.of(), repository.list(""));

      upload.commit();
    }
    assertEquals(100_000, read(repository, "a/object").length);
    assertEquals(List.of(), tempFiles());
  }

  @Test
  void overwriteKeepsTheOldObjectVisibleUntilCommit() throws IOException {
    FileRepository repository = repository();
    repository.put("k", "old".getBytes(StandardCharsets.UTF_8));
    try (ObjectUpload upload = repository.create("k")) {
      upload.write("new-and-longer".getBytes(StandardCharsets.UTF_8));
      upload.flush();
      assertEquals("old", new String(read(repository, "k"), StandardCharsets.UTF_8));
      upload.commit();
    }
    assertEquals("new-and-longer", new String(read(repository, "k"), StandardCharsets.UTF_8));
  }

  @Test
  void abortLeavesNothingBehind() throws IOException {
    FileRepository repository = repository();
    ObjectUpload upload = repository.create("a/b/object");
    upload.write(new byte[4096]);
    assertEquals(1, tempFiles().size());

    upload.abort();
    upload.abort();

    assertEquals(List.of(), tempFiles());
    assertThrows(ObjectNotFoundException.class, () -> repository.open("a/b/object"));
  }

  @Test
  void closeWithoutCommitAborts() throws IOException {
    FileRepository repository = repository();
    try (ObjectUpload upload = repository.create("x")) {
      upload.write(1);
    }
    assertEquals(List.of(), tempFiles());
    assertEquals(List.of(), repository.list(""));
  }

  @Test
  void writeAfterCommitFails() throws IOException {
    ObjectUpload upload = repository().create("x");
    upload.commit();
    assertThrows(IOException.class, () -> upload.write(1));
  }

  @Test
  void listReturnsSortedKeysUnderThePrefixAndSkipsTempFiles() throws IOException {
    FileRepository repository = repository();
    for (String key : List.of("b/2", "a/1", "b/1", "b/10/x", "c")) {
      repository.put(key, new byte[] {1});
    }
    try (ObjectUpload pending = repository.create("b/3")) {
      pending.write(1);
      assertEquals(List.of("a/1", "b/1", "b/10/x", "b/2", "c"), repository.list(""));
      assertEquals(List.of("b/1", "b/10/x", "b/2"), repository.list("b/"));
      assertEquals(List.of("b/1", "b/10/x"), repository.list("b/1"));
    }
  }

  @Test
  void listOfAMissingRootIsEmpty() throws IOException {
    assertEquals(List.of(), new FileRepository(root.resolve("absent")).list(""));
  }

  @Test
  void deleteOfAMissingKeyIsFine() throws IOException {
    FileRepository repository = repository();
    repository.delete("never/written");
    repository.put("k", new byte[] {1});
    repository.delete("k");
    assertFalse(Files.exists(root.resolve("k")));
  }

  @Test
  void missingObjectNamesKeyAndRepository() {
    ObjectNotFoundException e =
        assertThrows(ObjectNotFoundException.class, () -> repository().open("nope/x"));
    assertEquals("object 'nope/x' not found in " + root.toUri(), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../escape", "a/../../b", "/etc/passwd", "a//b", "a/", "./a", ""})
  void invalidKeysAreRejectedByName(String key) {
    FileRepository repository = repository();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> repository.create(key));
    assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> repository.open(key));
    assertThrows(IllegalArgumentException.class, () -> repository.delete(key));
  }
}
