package io.cadang.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake network between a client and an HTTP server, for tests: it forwards requests, records
 * their heads, and on demand answers with an error status or cuts a connection in the middle of a
 * request body. Each forwarded connection carries one request ({@code Connection: close}) so that
 * every request passes through the fault rules.
 */
public final class FaultInjectingHttpProxy implements AutoCloseable {

  /** The head of one request as the client sent it; header names are lower-case. */
  public record RecordedRequest(String method, String target, Map<String, String> headers) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final ExecutorService connections;
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger statusFailuresLeft = new AtomicInteger();
  private volatile int failureStatus = 503;
  private final AtomicInteger dropsLeft = new AtomicInteger();
  private volatile String dropMarker = "";

  private FaultInjectingHttpProxy(ServerSocket server, InetSocketAddress upstream) {
    this.server = server;
    this.upstream = upstream;
    this.connections =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fault-proxy-" + server.getLocalPort());
              t.setDaemon(true);
              return t;
            });
    connections.execute(this::acceptLoop);
  }

  /** Starts a proxy on 127.0.0.1 and a free port in front of {@code upstream} (http only). */
  public static FaultInjectingHttpProxy start(URI upstream) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      return new FaultInjectingHttpProxy(
          server, new InetSocketAddress(upstream.getHost(), upstream.getPort()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** The next {@code count} requests are answered with {@code status} and never forwarded. */
  public void failNextRequests(int count, int status) {
    failureStatus = status;
    statusFailuresLeft.set(count);
  }

  /**
   * The next {@code count} requests whose target (path and query) contains {@code marker} lose
   * their connection after part of the body was received; nothing reaches the server.
   */
  public void dropConnections(String marker, int count) {
    dropMarker = marker;
    dropsLeft.set(count);
  }

  /** Every request head seen so far, including failed and dropped ones, in arrival order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // Closing a listening socket only fails if it is already closed.
    }
    connections.shutdownNow();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        connections.execute(() -> handle(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void handle(Socket client) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      List<String> head = readHead(in);
      if (head.isEmpty()) {
        return;
      }
      RecordedRequest request = parse(head);
      requests.add(request);
      if (statusFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        answerWithStatus(request, in, client.getOutputStream());
      } else if (request.target().contains(dropMarker)
          && dropsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        dropMidBody(request, in, client.getOutputStream());
      } else {
        forward(head, in, client);
      }
    } catch (IOException e) {
      // The client or the server went away; the client sees that as a failed request.
    }
  }

  private void answerWithStatus(RecordedRequest request, InputStream in, OutputStream out)
      throws IOException {
    boolean expectContinue = "100-continue".equalsIgnoreCase(request.header("expect"));
    String length = request.header("content-length");
    if (!expectContinue && length != null) {
      in.skipNBytes(Long.parseLong(length));
    }
    String code = failureStatus == 429 ? "SlowDown" : "ServiceUnavailable";
    byte[] body =
        ("<Error><Code>" + code + "</Code><Message>injected by test</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);
    String response =
        "HTTP/1.1 "
            + failureStatus
            + " Injected\r\nContent-Type: application/xml\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    out.write(response.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private void dropMidBody(RecordedRequest request, InputStream in, OutputStream out)
      throws IOException {
    if ("100-continue".equalsIgnoreCase(request.header("expect"))) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
    String length = request.header("content-length");
    long half = length == null ? 0 : Long.parseLong(length) / 2;
    in.skipNBytes(half);
    // Returning closes the socket with half the body unread: a connection lost mid-upload.
  }

  private void forward(List<String> head, InputStream clientIn, Socket client) throws IOException {
    try (Socket server = new Socket()) {
      server.connect(upstream, 5_000);
      OutputStream serverOut = server.getOutputStream();
      StringBuilder rewritten = new StringBuilder(head.get(0)).append("\r\n");
      for (String line : head.subList(1, head.size())) {
        if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
          rewritten.append(line).append("\r\n");
        }
      }
      rewritten.append("Connection: close\r\n\r\n");
      serverOut.write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
      serverOut.flush();
      connections.execute(() -> pipeQuietly(clientIn, serverOut));
      server.getInputStream().transferTo(client.getOutputStream());
    }
  }

  private static void pipeQuietly(InputStream in, OutputStream out) {
    try {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // One side closed: the exchange is over.
    }
  }

  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
        line.reset();
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
      } else {
        line.write(b);
      }
    }
    return List.of();
  }

  private static RecordedRequest parse(List<String> head) {
    String[] requestLine = head.get(0).split(" ", 3);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : head.subList(1, head.size())) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    return new RecordedRequest(requestLine[0], requestLine[1], Map.copyOf(headers));
  }
}
