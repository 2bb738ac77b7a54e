package io.cadang.agent.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressMeterTest {

  @Test
  void withATotalTheLineSaysTheShareDoneAndTheTimeLeft() {
    assertEquals(
        "restore b db shop: 1.0 GiB of 4.0 GiB (25 %), 100.0 MiB/s, about 31 s left",
        ProgressMeter.line("restore b db shop", 1L << 30, 4L << 30, 100.0)
            .replace("about 31 s", "about 31 s"));
  }

  @Test
  void longWaitsAreInMinutesOrHours() {
    assertEquals(
        "x: 1.0 GiB of 101.0 GiB (0 %), 10.0 MiB/s, about 2.8 h left",
        ProgressMeter.line("x", 1L << 30, 101L << 30, 10.0));
    assertEquals(
        "x: 1.0 GiB of 11.0 GiB (9 %), 10.0 MiB/s, about 17 min left",
        ProgressMeter.line("x", 1L << 30, 11L << 30, 10.0));
  }

  @Test
  void withoutATotalOnlyWhatWasReadAndTheRate() {
    assertEquals("x: 1.0 GiB read, 2.5 MiB/s", ProgressMeter.line("x", 1L << 30, -1, 2.5));
  }

  @Test
  void beforeAnyByteMovedTheTimeLeftIsUnknown() {
    assertEquals(
        "x: 0 B of 1.0 GiB (0 %), 0.0 MiB/s, time left unknown",
        ProgressMeter.line("x", 0, 1L << 30, 0.0));
  }
}
