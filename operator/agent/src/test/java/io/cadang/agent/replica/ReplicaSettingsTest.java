package io.cadang.agent.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of --replica values and the per-replica credential view of the environment. */
class ReplicaSettingsTest {

  @Test
  void parsesNameAndUriKeepingTheIndex() {
    ReplicaSpec spec = ReplicaSpec.parse("dr-west=s3://bucket/p?region=eu-west-1", 2);
    assertEquals("dr-west", spec.name());
    assertEquals("s3://bucket/p?region=eu-west-1", spec.uri());
    assertEquals(2, spec.index());
  }

  @Test
  void rejectsMalformedValuesWithOneLine() {
    for (String bad : new String[] {"s3://bucket", "=s3://b", "name=", "bad name=file:///x"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ReplicaSpec.parse(bad, 0), bad);
      assertFalse(e.getMessage().contains("\n"));
    }
    IllegalArgumentException scheme =
        assertThrows(IllegalArgumentException.class, () -> ReplicaSpec.parse("x=gs://b", 0));
    assertTrue(scheme.getMessage().startsWith("replica 'x': unsupported"), scheme.getMessage());
  }

  @Test
  void replicaSeesOnlyItsOwnCredentials() {
    Map<String, String> env =
        Map.of(
            "AWS_ACCESS_KEY_ID", "primary-id",
            "AWS_SECRET_ACCESS_KEY", "primary-secret",
            "AWS_SECRET_ACCESS_KEY_FILE", "/primary/file",
            "AWS_REGION", "eu-central-1",
            "CADANG_REPLICA_1_ACCESS_KEY_ID", "west-id",
            "CADANG_REPLICA_1_SECRET_ACCESS_KEY_FILE", "/west/secret");
    Map<String, String> west = ReplicaEnvironment.forReplica(env, 1);
    assertEquals("west-id", west.get("AWS_ACCESS_KEY_ID"));
    assertEquals("/west/secret", west.get("AWS_SECRET_ACCESS_KEY_FILE"));
    assertFalse(west.containsKey("AWS_SECRET_ACCESS_KEY"), "the primary's secret is not inherited");
    assertEquals("eu-central-1", west.get("AWS_REGION"));

    Map<String, String> other = ReplicaEnvironment.forReplica(env, 0);
    assertFalse(other.containsKey("AWS_ACCESS_KEY_ID"));
    assertFalse(other.containsKey("AWS_SECRET_ACCESS_KEY"));
    assertFalse(other.containsKey("AWS_SECRET_ACCESS_KEY_FILE"));
  }
}
