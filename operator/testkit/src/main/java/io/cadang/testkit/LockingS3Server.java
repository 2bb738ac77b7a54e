package io.cadang.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server that enforces S3 Object Lock and has several accounts: Versity Gateway
 * (versitygw, Apache-2.0) as a child process on 127.0.0.1 and a free port, with its posix backend
 * (bucket versioning enabled) and its internal IAM in a temporary directory. Root credentials are
 * generated for each instance. {@link #close()} stops the process and deletes the directory.
 *
 * <p>What versitygw enforces (proven by {@code LockingS3ServerTest}): a version under a GOVERNANCE
 * or COMPLIANCE retention cannot be deleted before its retain-until date (403 AccessDenied, "Access
 * Denied because object protected by object lock."), COMPLIANCE not even with the bypass header and
 * not by root; a delete without a version id in a locked (hence versioned) bucket only adds a
 * delete marker. Root bypasses bucket policies but never locks.
 *
 * <p>The binary is found from the system property {@code cadang.versitygw}, else the environment
 * variable {@code CADANG_VERSITYGW} (the file, or the directory holding it), else by running {@code
 * e2e/bin/build-binaries.sh} of the checkout this JVM runs in (it builds versitygw from the Go
 * module proxy once and prints the cached directory).
 */
public final class LockingS3Server implements AutoCloseable {
  private static final String REGION = "us-east-1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path cachedBinary;

  /** An account's S3 credentials. */
  public record Credentials(String accessKey, String secretKey) {}

  private final Path binary;
  private final Path dir;
  private final Process process;
  private final URI endpoint;
  private final String rootAccessKey;
  private final String rootSecretKey;
  private final Thread shutdownHook;
  private final List<S3Client> clients = new ArrayList<>();
  private final Map<String, Set<String>> writeOnlyUsers = new LinkedHashMap<>();
  private S3Client rootClient;
  private boolean closed;

  private LockingS3Server(
      Path binary,
      Path dir,
      Process process,
      URI endpoint,
      String rootAccessKey,
      String rootSecretKey) {
    this.binary = binary;
    this.dir = dir;
    this.process = process;
    this.endpoint = endpoint;
    this.rootAccessKey = rootAccessKey;
    this.rootSecretKey = rootSecretKey;
    // A test that forgets close() must not leave a server running after the JVM.
    this.shutdownHook = new Thread(process::destroyForcibly, "versitygw-" + endpoint.getPort());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a server with no buckets and no accounts but root; close it to stop and clean up. */
  public static LockingS3Server start() {
    Path binary = binary();
    Path dir;
    try {
      dir = Files.createTempDirectory("cadang-versitygw-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for versitygw", e);
    }
    try {
      requireUserXattrs(dir);
      Path root = Files.createDirectory(dir.resolve("buckets"));
      Path versions = Files.createDirectory(dir.resolve("versions"));
      Path iam = Files.createDirectory(dir.resolve("iam"));
      String accessKey = "CADANGROOT" + randomAlnum(10);
      String secretKey = randomAlnum(40);
      // The port is free when chosen but may be taken before versitygw binds it: retry then.
      for (int attempt = 1; ; attempt++) {
        int port = freePort();
        Path log = dir.resolve("versitygw-" + attempt + ".log");
        ProcessBuilder builder =
            new ProcessBuilder(
                    binary.toString(),
                    "--port",
                    "127.0.0.1:" + port,
                    "--iam-dir",
                    iam.toString(),
                    "--quiet",
                    "posix",
                    "--versioning-dir",
                    versions.toString(),
                    root.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        cleanEnvironment(builder.environment());
        builder.environment().put("ROOT_ACCESS_KEY_ID", accessKey);
        builder.environment().put("ROOT_SECRET_ACCESS_KEY", secretKey);
        Process process = builder.start();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        String failure = awaitAnswer(process, endpoint);
        if (failure == null) {
          return new LockingS3Server(binary, dir, process, endpoint, accessKey, secretKey);
        }
        stop(process);
        String output = tail(log);
        if (attempt < 3 && output.contains("address already in use")) {
          continue;
        }
        throw new IllegalStateException("versitygw " + failure + ": " + output);
      }
    } catch (IOException | RuntimeException e) {
      deleteRecursively(dir);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot start versitygw: " + io.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  /** Plain-HTTP endpoint such as {@code http://127.0.0.1:41234}; use path-style addressing. */
  public URI endpoint() {
    return endpoint;
  }

  public String region() {
    return REGION;
  }

  public String rootAccessKey() {
    return rootAccessKey;
  }

  public String rootSecretKey() {
    return rootSecretKey;
  }

  /** A bucket without Object Lock and without versioning, owned by root. */
  public void createBucket(String name) {
    rootClient().createBucket(b -> b.bucket(name));
  }

  /**
   * A bucket with Object Lock enabled at creation, which turns versioning on (and it cannot be
   * suspended). No default retention: each object's retention comes with its upload.
   */
  public void createLockedBucket(String name) {
    rootClient().createBucket(b -> b.bucket(name).objectLockEnabledForBucket(true));
  }

  /**
   * A new account (role {@code user}) that can write to and read {@code bucket} but not remove or
   * unprotect anything in it, granted and fenced by the bucket's policy (versitygw's internal IAM
   * names principals by access key id; root bypasses the policy).
   *
   * <p>Allowed: PutObject (also with a retention or, in a locked bucket, over an existing key,
   * which adds a version and keeps the old one), multipart uploads (create, parts, list, complete,
   * abort), GetObject, HeadObject, GetObjectVersion, GetObjectRetention, ListObjectsV2,
   * ListObjectVersions, PutObjectRetention that keeps the mode and does not shorten (versitygw
   * refuses a shortening without the bypass header, and the bypass permission is denied). Refused
   * with 403 AccessDenied (explicit deny): DeleteObject, DeleteObjectVersion (also in
   * DeleteObjects, per object), BypassGovernanceRetention, PutObjectLegalHold,
   * Put/DeleteBucketPolicy, PutBucketVersioning, PutBucketObjectLockConfiguration, ACL changes,
   * lifecycle, DeleteBucket; anything else on this bucket and everything on other buckets is
   * refused by default.
   *
   * <p>In a bucket without Object Lock an overwrite of an existing key replaces it: no bucket
   * policy can refuse that, so use a locked bucket when that matters. Replaces the bucket's policy
   * with one covering every write-only account this server created for the bucket.
   */
  public synchronized Credentials createWriteOnlyUser(String bucket) {
    S3Client root = rootClient();
    root.headBucket(b -> b.bucket(bucket));
    Credentials user = new Credentials("CADANGWO" + randomAlnum(12), randomAlnum(40));
    runAdmin(
        "create-user",
        "--access",
        user.accessKey(),
        "--secret",
        user.secretKey(),
        "--role",
        "user");
    Set<String> principals = writeOnlyUsers.computeIfAbsent(bucket, b -> new LinkedHashSet<>());
    principals.add(user.accessKey());
    String policy = writeOnlyPolicy(bucket, principals);
    root.putBucketPolicy(b -> b.bucket(bucket).policy(policy));
    return user;
  }

  /** Client with root's credentials (bypasses bucket policies, never Object Lock). */
  public synchronized S3Client rootClient() {
    if (rootClient == null) {
      rootClient = client(new Credentials(rootAccessKey, rootSecretKey));
    }
    return rootClient;
  }

  /** A path-style client for {@code credentials}; closed by {@link #close()}. */
  @SuppressWarnings("deprecation") // The agent's HTTP client (S3Clients), deprecated in SDK 2.56.
  public synchronized S3Client client(Credentials credentials) {
    if (closed) {
      throw new IllegalStateException("server closed");
    }
    S3Client client =
        S3Client.builder()
            .httpClientBuilder(ApacheHttpClient.builder())
            .endpointOverride(endpoint)
            .region(Region.of(REGION))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(credentials.accessKey(), credentials.secretKey())))
            .build();
    clients.add(client);
    return client;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      clients.forEach(S3Client::close);
      stop(process);
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs anyway.
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  private static String writeOnlyPolicy(String bucket, Set<String> principals) {
    String bucketArn = "arn:aws:s3:::" + bucket;
    String objectsArn = bucketArn + "/*";
    Map<String, Object> principal = Map.of("AWS", List.copyOf(principals));
    List<Map<String, Object>> statements =
        List.of(
            statement(
                "WriteAndReadObjects",
                "Allow",
                principal,
                List.of(
                    "s3:PutObject",
                    "s3:PutObjectRetention",
                    "s3:GetObject",
                    "s3:GetObjectVersion",
                    "s3:GetObjectRetention",
                    "s3:GetObjectLegalHold",
                    "s3:AbortMultipartUpload",
                    "s3:ListMultipartUploadParts"),
                List.of(objectsArn)),
            statement(
                "ListBucket",
                "Allow",
                principal,
                List.of(
                    "s3:ListBucket",
                    "s3:ListBucketVersions",
                    "s3:ListBucketMultipartUploads",
                    "s3:GetBucketLocation",
                    "s3:GetBucketVersioning",
                    "s3:GetBucketObjectLockConfiguration"),
                List.of(bucketArn)),
            statement(
                "NeverRemoveOrUnprotect",
                "Deny",
                principal,
                List.of(
                    "s3:DeleteObject",
                    "s3:DeleteObjectVersion",
                    "s3:BypassGovernanceRetention",
                    "s3:PutObjectLegalHold",
                    "s3:PutObjectAcl",
                    "s3:PutBucketPolicy",
                    "s3:DeleteBucketPolicy",
                    "s3:PutBucketVersioning",
                    "s3:PutBucketObjectLockConfiguration",
                    "s3:PutBucketAcl",
                    "s3:PutLifecycleConfiguration",
                    "s3:DeleteBucket"),
                List.of(bucketArn, objectsArn)));
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("Version", "2012-10-17");
    policy.put("Statement", statements);
    try {
      return JSON.writeValueAsString(policy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> statement(
      String sid,
      String effect,
      Map<String, Object> principal,
      List<String> actions,
      List<String> resources) {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Sid", sid);
    statement.put("Effect", effect);
    statement.put("Principal", principal);
    statement.put("Action", actions);
    statement.put("Resource", resources);
    return statement;
  }

  /** Runs {@code versitygw admin ... <args>} against this server as root. */
  private void runAdmin(String... args) {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "admin"));
    command.addAll(List.of("--endpoint-url", endpoint.toString(), "--region", REGION));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    cleanEnvironment(builder.environment());
    builder.environment().put("ADMIN_ACCESS_KEY_ID", rootAccessKey);
    builder.environment().put("ADMIN_SECRET_ACCESS_KEY", rootSecretKey);
    try {
      Process admin = builder.start();
      admin.getOutputStream().close();
      byte[] output = admin.getInputStream().readAllBytes();
      if (!admin.waitFor(30, TimeUnit.SECONDS)) {
        admin.destroyForcibly();
        throw new IllegalStateException("versitygw admin " + args[0] + " did not finish in 30 s");
      }
      if (admin.exitValue() != 0) {
        throw new IllegalStateException(
            "versitygw admin "
                + args[0]
                + " failed (exit "
                + admin.exitValue()
                + "): "
                + new String(output, StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run versitygw admin", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Null once the server answers HTTP, else why it never will. */
  private static String awaitAnswer(Process process, URI endpoint) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(endpoint.resolve("/")).timeout(Duration.ofSeconds(2)).GET().build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return "exited with " + process.exitValue() + " on start";
      }
      try {
        // Any answer (unsigned requests get 403) means it serves S3.
        http.send(probe, HttpResponse.BodyHandlers.discarding());
        if (process.isAlive()) {
          return null;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "start interrupted";
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "start interrupted";
      }
    }
    return "did not answer on " + endpoint + " within " + START_TIMEOUT.toSeconds() + " s";
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The gateway reads its configuration from VGW_* and credential variables: none leak in. */
  private static void cleanEnvironment(Map<String, String> env) {
    env.keySet()
        .removeIf(
            k ->
                k.startsWith("VGW_")
                    || k.startsWith("ROOT_ACCESS_KEY")
                    || k.startsWith("ROOT_SECRET")
                    || k.startsWith("ADMIN_")
                    || k.equals("LOGFILE")
                    || k.equals("WEBHOOK"));
  }

  /** The posix backend keeps versions, retention and ETags in user extended attributes. */
  private static void requireUserXattrs(Path dir) throws IOException {
    Path probe = Files.createFile(dir.resolve("xattr-probe"));
    try {
      UserDefinedFileAttributeView view =
          Files.getFileAttributeView(probe, UserDefinedFileAttributeView.class);
      if (view == null) {
        throw new UnsupportedOperationException("no user attribute view");
      }
      view.write("cadang.probe", ByteBuffer.wrap(new byte[] {1}));
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalStateException(
          "versitygw needs user extended attributes, which the file system of "
              + dir.getParent()
              + " lacks ("
              + e.getMessage()
              + "); point -Djava.io.tmpdir at a directory on ext4/xfs/btrfs/tmpfs");
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String randomAlnum(int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())).strip();
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** The versitygw executable: property, environment, or the checkout's build script. */
  static synchronized Path binary() {
    if (cachedBinary == null) {
      cachedBinary = findBinary();
    }
    return cachedBinary;
  }

  private static Path findBinary() {
    String configured = System.getProperty("cadang.versitygw");
    String source = "-Dcadang.versitygw";
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("CADANG_VERSITYGW");
      source = "CADANG_VERSITYGW";
    }
    if (configured != null && !configured.isBlank()) {
      Path path = Paths.get(configured);
      if (Files.isDirectory(path)) {
        path = path.resolve("versitygw");
      }
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(
            "versitygw not found: " + source + " names " + path + ", not an executable file");
      }
      return path;
    }
    Path start = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    Path script = null;
    for (Path d = start; d != null; d = d.getParent()) {
      Path candidate = d.resolve("e2e/bin/build-binaries.sh");
      if (Files.isRegularFile(candidate)) {
        script = candidate;
        break;
      }
    }
    if (script == null) {
      throw new IllegalStateException(
          "versitygw not found: set -Dcadang.versitygw or CADANG_VERSITYGW to the binary;"
              + " no e2e/bin/build-binaries.sh above "
              + start
              + " to build it");
    }
    Path dir = runBuildScript(script);
    Path path = dir.resolve("versitygw");
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException(
          "versitygw not found: " + script + " printed " + dir + ", which holds no versitygw");
    }
    return path;
  }

  /** Runs the build script (instant when cached), its progress copied to stderr. */
  private static Path runBuildScript(Path script) {
    try {
      Process build =
          new ProcessBuilder("bash", script.toString())
              .directory(script.getParent().getParent().getParent().toFile())
              .start();
      build.getOutputStream().close();
      List<String> errors = new ArrayList<>();
      Thread progress =
          new Thread(() -> copyLines(build.getErrorStream(), errors), "build-binaries.sh progress");
      progress.setDaemon(true);
      progress.start();
      String stdout = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = build.waitFor();
      progress.join(5_000);
      String[] lines = stdout.strip().split("\n");
      String last = lines[lines.length - 1].strip();
      if (exit != 0 || last.isEmpty()) {
        String why;
        synchronized (errors) {
          why = errors.isEmpty() ? "no output" : errors.get(errors.size() - 1);
        }
        throw new IllegalStateException(
            "versitygw not found: set -Dcadang.versitygw or CADANG_VERSITYGW, or make "
                + script
                + " work (it needs Go and the Go module proxy; exit "
                + exit
                + ": "
                + why
                + ")");
      }
      return Paths.get(last);
    } catch (IOException e) {
      throw new IllegalStateException(
          "versitygw not found: cannot run " + script + " (" + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script, e);
    }
  }

  private static void copyLines(InputStream in, List<String> sink) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        System.err.println("[build-binaries.sh] " + line);
        synchronized (sink) {
          sink.add(line);
        }
      }
    } catch (IOException e) {
      // The script's exit status decides.
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(LockingS3Server::deleteQuietly);
    } catch (IOException e) {
      // A leftover temp directory must not fail the test that owns this server.
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // See deleteRecursively.
    }
  }
}
