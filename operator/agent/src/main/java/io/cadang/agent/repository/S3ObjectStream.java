package io.cadang.agent.repository;

import java.io.FilterInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A streaming read of one object. Closing it before the end aborts the connection: the HTTP client
 * would otherwise read (and discard) the rest of a possibly multi-gigabyte object just to reuse the
 * connection.
 */
final class S3ObjectStream extends FilterInputStream {
  private final ResponseInputStream<GetObjectResponse> response;
  private boolean reachedEnd;

  S3ObjectStream(ResponseInputStream<GetObjectResponse> response) {
    super(response);
    this.response = response;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    reachedEnd |= b < 0;
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    reachedEnd |= n < 0;
    return n;
  }

  @Override
  public void close() throws IOException {
    if (!reachedEnd) {
      response.abort();
    }
    super.close();
  }
}
