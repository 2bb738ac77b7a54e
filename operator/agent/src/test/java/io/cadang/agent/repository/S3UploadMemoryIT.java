package io.cadang.agent.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.testkit.S3TestServer;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The memory bound of an upload, proved by counting buffers rather than by timing or heap sampling:
 * a 200 MB stream never holds more than (maxInFlightParts + 1) part buffers.
 */
class S3UploadMemoryIT {
  private static final long SIZE = 200L * 1000 * 1000;

  @Test
  void twoHundredMegabytesUploadWithAtMostThreePartBuffers() throws IOException {
    try (S3TestServer server = S3TestServer.start()) {
      String bucket = S3Fixture.freshBucket(server);
      S3Settings settings =
          S3Fixture.settings(server, bucket).withParts(S3Settings.MIN_PART_SIZE, 2);
      try (S3Repository repository = new S3Repository(settings)) {
        S3ObjectUpload upload = (S3ObjectUpload) repository.create("base.tar.zst.enc");
        String written = TestData.writeRandom(upload, SIZE, 42);
        assertEquals(SIZE, upload.commit());

        assertTrue(upload.buffersAllocated() <= 3, "allocated " + upload.buffersAllocated());
        assertTrue(upload.peakBuffersInUse() <= 3, "in use " + upload.peakBuffersInUse());
        assertTrue(upload.peakPartsInFlight() <= 2, "in flight " + upload.peakPartsInFlight());
        System.out.printf(
            "200 MB upload: %d parts of 5 MiB, buffers allocated %d, peak in use %d,"
                + " peak parts in flight %d%n",
            (SIZE + S3Settings.MIN_PART_SIZE - 1) / S3Settings.MIN_PART_SIZE,
            upload.buffersAllocated(),
            upload.peakBuffersInUse(),
            upload.peakPartsInFlight());

        assertEquals(SIZE, repository.stat("base.tar.zst.enc").size());
        try (InputStream in = repository.open("base.tar.zst.enc")) {
          assertEquals(written, TestData.sha256Of(in));
        }
      }
    }
  }
}
