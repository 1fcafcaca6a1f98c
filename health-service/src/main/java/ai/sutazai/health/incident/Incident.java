package ai.sutazai.health.incident;

import java.time.Duration;
import java.time.Instant;

/**
 * A component's time down: from the first failed check of the streak that took it down to the
 * first passing check of the streak that brought it back. {@code duration} (ISO-8601) and
 * {@code durationMs} come from the monotonic clock; both are null while the incident is open.
 */
public record Incident(String id, String probe, String state, Instant startedAt, Instant endedAt, String duration,
        Long durationMs, String cause, String resolution) {

    static Incident open(String id, String probe, Instant startedAt, String cause) {
        return new Incident(id, probe, "open", startedAt, null, null, null, cause, null);
    }

    static Incident closed(String id, String probe, Instant startedAt, Instant endedAt, long durationMs, String cause,
            String resolution) {
        return new Incident(id, probe, "closed", startedAt, endedAt, Duration.ofMillis(durationMs).toString(),
                durationMs, cause, resolution);
    }
}
