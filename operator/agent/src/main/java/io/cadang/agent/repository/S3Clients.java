package io.cadang.agent.repository;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the one S3Client configuration Cadang uses: Apache HTTP, timeouts, jittered retries. */
final class S3Clients {
  /** Attempts per request, the first included. */
  static final int MAX_ATTEMPTS = 5;

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** A stalled socket is a timeout, which is retried; S3 never legitimately pauses this long. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private S3Clients() {}

  static S3Client build(S3Settings settings) {
    S3ClientBuilder builder =
        S3Client.builder()
            // Named explicitly so the SDK never picks whichever HTTP client the classpath offers.
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .socketTimeout(READ_TIMEOUT)
                    .connectionAcquisitionTimeout(READ_TIMEOUT)
                    .maxConnections(settings.maxInFlightParts() + 4))
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials(settings))
            .forcePathStyle(settings.pathStyle())
            .overrideConfiguration(
                ClientOverrideConfiguration.builder().retryStrategy(retryStrategy()).build());
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return builder.build();
  }

  /**
   * The SDK's standard strategy already classifies 5xx, 429/throttling and I/O errors (timeouts,
   * resets) as retryable; we fix the attempts and use full-jitter exponential backoff so that many
   * agents hitting one throttled bucket spread out instead of retrying in lock-step. The circuit
   * breaker is off: a backup Job is one client, and giving up early only turns a slow run into a
   * failed one.
   */
  static RetryStrategy retryStrategy() {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(MAX_ATTEMPTS)
        .backoffStrategy(
            BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(20)))
        .throttlingBackoffStrategy(
            BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(20)))
        .circuitBreakerEnabled(false)
        .build();
  }

  private static AwsCredentialsProvider credentials(S3Settings settings) {
    if (settings.accessKeyId() == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
  }
}
