package io.cadang.agent.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gets HotSpot to compile the AES-GCM and SHA-256 call paths early. The JDK switches to its
 * AES/GHASH/SHA intrinsics only inside compiled callers, and compile thresholds count calls, not
 * bytes: fed 64 KiB frames, the JIT took ~350 MB at ~100 MB/s of plain-Java GHASH before switching
 * to ~5 GB/s (measured here). A few thousand tiny operations on a background thread (~100 ms of
 * CPU, overlapping JVM start-up and connecting to PostgreSQL) get the same compiled code before the
 * first real frame. Uses a throwaway all-zero key; nothing secret is involved.
 */
public final class CryptoWarmup {
  private static final int ROUNDS = 6000;
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private CryptoWarmup() {}

  /** Starts the warm-up once per JVM; later calls return at once. */
  public static void ensureStarted() {
    if (STARTED.compareAndSet(false, true)) {
      Thread t = new Thread(CryptoWarmup::run, "crypto-warmup");
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      t.start();
    }
  }

  private static void run() {
    try {
      SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
      Cipher enc = FrameFormat.newCipher();
      Cipher dec = FrameFormat.newCipher();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] plain = new byte[512];
      byte[] sealed = new byte[plain.length + 16];
      byte[] aad = new byte[16];
      byte[] nonce = new byte[12];
      for (int i = 0; i < ROUNDS; i++) {
        nonce[0] = (byte) i;
        nonce[1] = (byte) (i >>> 8);
        enc.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        enc.updateAAD(aad);
        int n = enc.doFinal(plain, 0, plain.length, sealed, 0);
        dec.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        dec.updateAAD(aad);
        dec.doFinal(sealed, 0, n, plain, 0);
        sha.update(sealed, 0, n);
      }
      sha.digest();
    } catch (GeneralSecurityException | RuntimeException e) {
      // Only a speed-up: if it cannot run, the real work still runs correctly, just warms slower.
    }
  }
}
