package ai.sutazai.health.incident;

import java.time.Instant;

/** A change to {@code health.incidents}, queued in memory until PostgreSQL takes it. */
public sealed interface IncidentWrite {

    /** An incident opened. */
    record Open(String id, String probe, Instant startedAt, String cause) implements IncidentWrite {
    }

    /** An incident closed. */
    record Close(String id, Instant endedAt, long durationMs, String resolution) implements IncidentWrite {
    }
}
