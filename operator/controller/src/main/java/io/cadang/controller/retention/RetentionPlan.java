package io.cadang.controller.retention;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of retention: every candidate is in exactly one of {@code keep} and {@code delete},
 * each newest first. {@code reasons} explains every candidate, e.g. "newest success", "daily
 * 2026-11-20", "in use" for kept runs or "expired" for deleted ones, for logs and Events.
 */
public record RetentionPlan(
    List<String> keep, List<String> delete, Map<String, Set<String>> reasons) {
  public RetentionPlan {
    keep = List.copyOf(keep);
    delete = List.copyOf(delete);
    reasons = Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
  }
}
