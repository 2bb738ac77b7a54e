package io.cadang.agent.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A repository in a local directory (a mounted volume, or a CLI restore from a copied bucket).
 * Uploads go to a {@code .tmp-} file next to the target and are renamed into place on commit, so a
 * reader sees either nothing or the whole object.
 */
public final class FileRepository implements Repository {
  static final String TEMP_PREFIX = ".tmp-";

  private final Path root;

  public FileRepository(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  @Override
  public ObjectUpload create(String key) throws IOException {
    Path target = resolve(key);
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, TEMP_PREFIX + target.getFileName() + "-", null);
    return new FileObjectUpload(this, temp, target);
  }

  @Override
  public void put(String key, byte[] content) throws IOException {
    try (ObjectUpload upload = create(key)) {
      upload.write(content);
      upload.commit();
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    try {
      return Files.newInputStream(resolve(key));
    } catch (NoSuchFileException e) {
      throw notFound(key);
    }
  }

  @Override
  public ObjectInfo stat(String key) throws IOException {
    Path path = resolve(key);
    if (!Files.isRegularFile(path)) {
      throw notFound(key);
    }
    try {
      return new ObjectInfo(key, Files.size(path));
    } catch (NoSuchFileException e) {
      throw notFound(key);
    }
  }

  @Override
  public List<ObjectInfo> listObjects(String prefix) throws IOException {
    String valid = ObjectKeys.requireValidPrefix(prefix);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<ObjectInfo> objects = new java.util.ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (!Files.isRegularFile(p) || p.getFileName().toString().startsWith(TEMP_PREFIX)) {
          continue;
        }
        String key = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
        if (key.startsWith(valid)) {
          try {
            objects.add(new ObjectInfo(key, Files.size(p)));
          } catch (java.nio.file.NoSuchFileException gone) {
            // deleted between the walk and the stat (retention running): not listed
          }
        }
      }
    }
    objects.sort(java.util.Comparator.comparing(ObjectInfo::key));
    return objects;
  }

  @Override
  public void delete(String key) throws IOException {
    Path path = resolve(key);
    if (Files.deleteIfExists(path)) {
      // Retention must really delete: make the removal survive a crash like a commit does.
      syncDirectories(path.getParent());
    }
  }

  @Override
  public String describe() {
    return root.toUri().toString();
  }

  private Path resolve(String key) {
    ObjectKeys.requireValid(key);
    Path path = root.resolve(key).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException("invalid object key '" + key + "': outside the root");
    }
    return path;
  }

  private ObjectNotFoundException notFound(String key) {
    return new ObjectNotFoundException("object '" + key + "' not found in " + describe());
  }

  /**
   * Fsyncs {@code dir} and each parent up to the root: a rename is durable only once its directory
   * entry is, and directories created for this key are durable only once their parents are.
   */
  void syncDirectories(Path dir) throws IOException {
    for (Path d = dir; d != null && d.startsWith(root); d = d.getParent()) {
      try (FileChannel channel = FileChannel.open(d, StandardOpenOption.READ)) {
        channel.force(true);
      }
    }
  }
}
