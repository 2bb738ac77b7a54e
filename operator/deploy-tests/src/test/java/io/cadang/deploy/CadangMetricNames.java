package io.cadang.deploy;

import io.cadang.controller.metrics.BackupMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series names the operator really exports, taken from a scrape of the controller's own
 * BackupMetrics after it has seen a backup, a restore and a WAL archive report.
 */
final class CadangMetricNames {
  private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)");
  private static final Pattern CADANG_NAME = Pattern.compile("\\bcadang[_:][a-zA-Z0-9_:]*");

  private CadangMetricNames() {}

  static String scrape() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BackupMetrics metrics = new BackupMetrics(registry);
    Instant now = Instant.parse("2026-11-21T02:10:00Z");
    metrics.nextSchedule("shop", "orders", now.plus(Duration.ofDays(1)));
    metrics.backupFinished("shop", "orders", true, now, Duration.ofMinutes(10), 1234);
    metrics.backupFinished("shop", "orders", false, now, Duration.ofMinutes(1), 0);
    metrics.nextSchedule("shop", "fresh", now.plus(Duration.ofDays(1)));
    metrics.restoreFinished("shop", "restore", true, Duration.ofMinutes(3));
    metrics.restoreFinished("shop", "drill", false, Duration.ofMinutes(4));
    metrics.walArchive("shop", "orders", 4, 216, now.minusSeconds(4), Duration.ofMinutes(5));
    io.cadang.api.v1alpha1.WalReplicaStatus dr = new io.cadang.api.v1alpha1.WalReplicaStatus();
    dr.setRepository("dr");
    dr.setLagSeconds(12L);
    dr.setLagBytes(4096L);
    metrics.walReplicas("shop", "orders", java.util.List.of(dr));
    metrics.replicas(
        "shop",
        "orders",
        java.util.List.of(new io.cadang.controller.policy.ReplicaLag.Lag("dr", 1, false, null)));
    io.cadang.api.v1alpha1.Objectives objectives = new io.cadang.api.v1alpha1.Objectives();
    objectives.setRpo("5m");
    objectives.setRto("2h");
    io.cadang.api.v1alpha1.DrillsStatus drills = new io.cadang.api.v1alpha1.DrillsStatus();
    drills.setLastResult("Succeeded");
    drills.setLastDurationSeconds(1200L);
    drills.setLastSuccessTime(now.toString());
    drills.setNextScheduleTime(now.plus(Duration.ofDays(180)).toString());
    metrics.objectives("shop", "orders", objectives, Duration.ofSeconds(4), drills);
    return registry.scrape();
  }

  static Set<String> exported() {
    Set<String> names = new TreeSet<>();
    for (String line : scrape().split("\n")) {
      Matcher m = SERIES.matcher(line);
      if (!line.startsWith("#") && m.find() && m.group(1).startsWith("cadang")) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** Every name starting with "cadang" in a PromQL expression (metrics and recorded series). */
  static Set<String> referencedIn(String promql) {
    Set<String> names = new TreeSet<>();
    Matcher m = CADANG_NAME.matcher(promql);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }
}
