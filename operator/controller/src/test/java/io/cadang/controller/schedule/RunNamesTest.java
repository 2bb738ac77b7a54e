package io.cadang.controller.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunNamesTest {
  private static final Instant SLOT = Instant.parse("2026-11-20T02:00:00Z");
  private static final String SIXTY_CHARS =
      "orders-database-production-eu-central-logical-dumps-nightly1";

  @Test
  void aShortPolicyNameIsFollowedByTheUtcSlot() {
    assertEquals("db-nightly-202611200200", RunNames.forSlot("db-nightly", SLOT));
  }

  @Test
  void theStampIsUtcEvenForAPolicyInJakarta() {
    // 03:00 WIB on 2026-11-20 is 20:00 UTC on the 19th.
    assertEquals(
        "luxima-db-202611192000",
        RunNames.forSlot("luxima-db", Instant.parse("2026-11-19T20:00:00Z")));
  }

  @Test
  void theSameSlotAlwaysGetsTheSameName() {
    assertEquals(RunNames.forSlot(SIXTY_CHARS, SLOT), RunNames.forSlot(SIXTY_CHARS, SLOT));
  }

  @Test
  void aSixtyCharacterPolicyNameGivesAValidLabelOfAtMost63Characters() {
    assertEquals(60, SIXTY_CHARS.length());
    String name = RunNames.forSlot(SIXTY_CHARS, SLOT);
    assertTrue(name.length() <= 63, name);
    assertTrue(RunNames.isLabel(name), name);
    assertTrue(name.startsWith("orders-database-production"), name);
    assertTrue(name.endsWith("-202611200200"), name);
  }

  @Test
  void longPolicyNamesSharingAPrefixGetDifferentNames() {
    String other = SIXTY_CHARS.substring(0, 59) + "2";
    assertNotEquals(RunNames.forSlot(SIXTY_CHARS, SLOT), RunNames.forSlot(other, SLOT));
  }

  @Test
  void dottedPolicyNamesBecomeValidLabelsDistinctFromTheirDashedTwin() {
    String dotted = RunNames.forSlot("app.db", SLOT);
    assertTrue(RunNames.isLabel(dotted), dotted);
    assertNotEquals(RunNames.forSlot("app-db", SLOT), dotted);
  }

  @Test
  void differentSlotsGetDifferentNames() {
    assertNotEquals(
        RunNames.forSlot(SIXTY_CHARS, SLOT), RunNames.forSlot(SIXTY_CHARS, SLOT.plusSeconds(60)));
  }

  @Test
  void aFiftyCharacterPolicyNameIsKeptWhole() {
    String fifty = "a".repeat(50);
    assertEquals(fifty + "-202611200200", RunNames.forSlot(fifty, SLOT));
  }
}
