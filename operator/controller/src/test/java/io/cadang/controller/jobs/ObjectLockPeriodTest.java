package io.cadang.controller.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cadang.api.v1alpha1.BackupPolicySpec;
import io.cadang.api.v1alpha1.ObjectLock;
import io.cadang.api.v1alpha1.ObjectLockMode;
import io.cadang.api.v1alpha1.Repository;
import io.cadang.api.v1alpha1.Retention;
import io.cadang.api.v1alpha1.S3Backend;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectLockPeriodTest {

  @Test
  void theLongestCalendarRuleAndTheMarginMakeTheDefaultPeriod() {
    Retention r = new Retention();
    r.setKeepDaily(30);
    r.setKeepWeekly(8); // 56 days
    r.setKeepMonthly(3); // 93 days: the longest
    assertEquals(
        Optional.of(Duration.ofDays(94)), ObjectLockPeriod.of(spec(r), locked(null, "1d")));
    assertEquals(
        Optional.of(Duration.ofDays(93).plusHours(6)),
        ObjectLockPeriod.of(spec(r), locked(null, "6h")));
    r.setKeepYearly(2);
    assertEquals(
        Optional.of(Duration.ofDays(733)), ObjectLockPeriod.of(spec(r), locked(null, "1d")));
  }

  @Test
  void retainForWinsAndNoLockIsEmpty() {
    Retention r = new Retention();
    r.setKeepDaily(30);
    assertEquals(
        Optional.of(Duration.ofHours(720)), ObjectLockPeriod.of(spec(r), locked("720h", "1d")));
    Repository plain = locked(null, null);
    plain.setObjectLock(null);
    assertEquals(Optional.empty(), ObjectLockPeriod.of(spec(r), plain));
  }

  @Test
  void keepLastAloneCannotBoundTheLock() {
    Retention r = new Retention();
    r.setKeepLast(7);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ObjectLockPeriod.of(spec(r), locked(null, "1d")));
    assertEquals(
        "set retainFor: spec.retention has no keepDaily, keepWeekly, keepMonthly or keepYearly"
            + " to derive how long a backup is kept",
        e.getMessage());
  }

  @Test
  void theWritersUriCarriesTheModeAndSecondsAndTheReadersDoesNot() {
    Retention r = new Retention();
    r.setKeepDaily(2);
    Repository repo = locked(null, "1d");
    repo.getObjectLock().setMode(ObjectLockMode.COMPLIANCE);
    assertEquals(
        "s3://b?region=eu-west-1&lock-mode=compliance&lock-retain-seconds=259200",
        RepositoryUris.of(spec(r), repo));
    assertEquals("s3://b?region=eu-west-1", RepositoryUris.of(repo));
  }

  private static BackupPolicySpec spec(Retention retention) {
    BackupPolicySpec spec = new BackupPolicySpec();
    spec.setRetention(retention);
    return spec;
  }

  private static Repository locked(String retainFor, String margin) {
    ObjectLock lock = new ObjectLock();
    lock.setMode(ObjectLockMode.GOVERNANCE);
    lock.setRetainFor(retainFor);
    lock.setMargin(margin);
    S3Backend s3 = new S3Backend();
    s3.setBucket("b");
    s3.setRegion("eu-west-1");
    Repository repo = new Repository();
    repo.setName("primary");
    repo.setS3(s3);
    repo.setObjectLock(lock);
    return repo;
  }
}
