package io.cadang.controller.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.CalendarPick;
import io.cadang.api.v1alpha1.Retention;
import io.cadang.controller.retention.RetentionPolicy;
import org.junit.jupiter.api.Test;

class RetentionRulesTest {
  @Test
  void calendarPickOldestMakesThePlannerKeepTheFirstOfEachPeriod() {
    Retention seed000 = new Retention();
    seed000.setKeepDaily(14);
    seed000.setKeepWeekly(4);
    seed000.setKeepMonthly(12);
    seed000.setCalendarPick(CalendarPick.OLDEST);

    RetentionPolicy rules = RetentionRules.of(seed000);

    assertTrue(rules.oldestPerPeriod());
    assertEquals(new RetentionPolicy(null, 14, 4, 12, null, 3, true), rules);
  }

  @Test
  void theDefaultIsTheNewestOfEachPeriod() {
    Retention daily = new Retention();
    daily.setKeepDaily(30);
    assertFalse(RetentionRules.of(daily).oldestPerPeriod());
    daily.setCalendarPick(null); // an object written before the field existed
    assertFalse(RetentionRules.of(daily).oldestPerPeriod());
  }
}
