package ai.sutazai.health.history;

import java.time.Instant;

import ai.sutazai.health.probe.HealthStatus;

/** One check as stored in {@code health.results}. */
public record StoredResult(String probe, Instant at, HealthStatus status, long latencyMs, String error) {
}
