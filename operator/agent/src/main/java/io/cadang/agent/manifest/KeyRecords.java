package io.cadang.agent.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cadang.agent.crypto.ArtifactIntegrityException;
import io.cadang.agent.keys.KeyException;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.WrappedKey;
import io.cadang.agent.repository.ObjectNotFoundException;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key-wrapping records: a backup's data key wrapped again after a master-key rotation, written as a
 * new object {@code backups/<id>/keys/<time>-v<version>.json} next to the manifest instead of
 * rewriting the manifest. No object is ever rewritten in place, so a repository under S3 Object
 * Lock (or with a write-only key) can still rotate keys, and an attacker who can write cannot
 * replace a backup's only wrapped key.
 *
 * <p>Reading: the newest record whose key unwraps with the provider and under which the manifest's
 * seal verifies wins, then older ones, then the manifest's own wrapped key. A forged record (a key
 * the provider cannot unwrap, or a different data key) fails the check and is skipped, so it can
 * slow a restore but never stop or alter one.
 */
public final class KeyRecords {
  private static final Logger LOG = LoggerFactory.getLogger(KeyRecords.class);
  private static final int FORMAT_VERSION = 1;
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  /** What one record holds. */
  public record KeyRecord(
      int formatVersion, String backupId, Instant createdAt, WrappedKey wrappedKey) {}

  private KeyRecords() {}

  public static String prefix(String backupId) {
    return BackupLayout.ROOT + backupId + "/keys/";
  }

  /** Writes a new record; returns its key. */
  public static String write(Repository repository, String backupId, WrappedKey key, Instant at)
      throws IOException {
    String name = prefix(backupId) + NAME_TIME.format(at) + "-v" + key.keyVersion() + ".json";
    repository.put(name, JSON.writeValueAsBytes(new KeyRecord(FORMAT_VERSION, backupId, at, key)));
    return name;
  }

  /**
   * The newest record's wrapped key of every backup that has records, from one listing of {@code
   * backups/}: what {@code cadang list} shows as a backup's key after a rotation.
   */
  public static java.util.Map<String, WrappedKey> newestByBackup(Repository repository)
      throws IOException {
    java.util.Map<String, String> newest = new java.util.TreeMap<>();
    for (String key : repository.list(BackupLayout.ROOT)) {
      int slash = key.indexOf('/', BackupLayout.ROOT.length());
      if (slash < 0 || !key.startsWith("/keys/", slash) || !key.endsWith(".json")) {
        continue;
      }
      newest.merge(
          key.substring(BackupLayout.ROOT.length(), slash),
          key,
          (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }
    java.util.Map<String, WrappedKey> keys = new java.util.TreeMap<>();
    for (var e : newest.entrySet()) {
      try (InputStream in = repository.open(e.getValue())) {
        KeyRecord record = JSON.readValue(in.readNBytes(64 * 1024), KeyRecord.class);
        if (e.getKey().equals(record.backupId()) && record.wrappedKey() != null) {
          keys.put(e.getKey(), record.wrappedKey());
        }
      } catch (ObjectNotFoundException | com.fasterxml.jackson.core.JacksonException ex) {
        // gone or not ours: the manifest's key is shown
      }
    }
    return keys;
  }

  /** The wrapped keys to try, newest record first, the manifest's own last. */
  public static List<WrappedKey> candidates(Repository repository, BackupManifest manifest)
      throws IOException {
    List<String> names = new ArrayList<>(repository.list(prefix(manifest.backupId())));
    names.sort(Comparator.reverseOrder()); // names start with a sortable UTC time
    List<WrappedKey> keys = new ArrayList<>();
    for (String name : names) {
      if (!name.endsWith(".json")) {
        continue;
      }
      try (InputStream in = repository.open(name)) {
        KeyRecord record = JSON.readValue(in.readNBytes(64 * 1024), KeyRecord.class);
        if (record.formatVersion() == FORMAT_VERSION
            && manifest.backupId().equals(record.backupId())
            && record.wrappedKey() != null) {
          keys.add(record.wrappedKey());
        } else {
          LOG.warn("key record {} is not one of backup {}: skipped", name, manifest.backupId());
        }
      } catch (ObjectNotFoundException e) {
        // deleted since the listing
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        LOG.warn("key record {} is not valid JSON: skipped", name);
      }
    }
    keys.add(manifest.encryption().wrappedKey());
    return keys;
  }

  /**
   * The backup's data key, checked against the manifest's seal. The caller zeroes it. Throws the
   * failure of the newest candidate when none opens (with no record: the manifest's own key's).
   */
  public static byte[] openDataKey(Repository repository, BackupManifest manifest, KeyProvider keys)
      throws IOException, KeyException {
    List<WrappedKey> candidates = candidates(repository, manifest);
    Exception first = null;
    for (WrappedKey candidate : candidates) {
      byte[] dataKey;
      try {
        dataKey = keys.unwrap(candidate);
      } catch (KeyException e) {
        first = first == null ? e : first;
        continue;
      }
      try {
        ManifestCodec.verifySeal(manifest, dataKey);
        return dataKey;
      } catch (ArtifactIntegrityException e) {
        Arrays.fill(dataKey, (byte) 0);
        first = first == null ? e : first;
      }
    }
    if (first instanceof KeyException k) {
      throw k;
    }
    throw (ArtifactIntegrityException) first;
  }
}
