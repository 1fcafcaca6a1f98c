package ai.sutazai.health.history;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import ai.sutazai.health.probe.HealthStatus;

/**
 * One item of a probe's history: a single check ({@code status}, {@code latencyMs}, {@code error}),
 * or at minute and hour resolution a bucket ({@code checks}, {@code successes}, {@code uptimePercent},
 * latency average and maximum).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryPoint(Instant time, HealthStatus status, Long latencyMs, String error, Integer checks,
        Integer successes, Double uptimePercent, Double latencyAvgMs, Long latencyMaxMs) {

    static HistoryPoint check(Instant time, HealthStatus status, long latencyMs, String error) {
        return new HistoryPoint(time, status, latencyMs, error, null, null, null, null, null);
    }

    static HistoryPoint bucket(Instant time, int checks, int successes, long latencySumMs, long latencyMaxMs) {
        return new HistoryPoint(time, null, null, null, checks, successes, 100.0 * successes / checks,
                (double) latencySumMs / checks, latencyMaxMs);
    }
}
