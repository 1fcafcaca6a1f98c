package ai.sutazai.health.monitor;

import java.time.Instant;
import java.util.Optional;

import ai.sutazai.health.probe.HealthStatus;
import ai.sutazai.health.probe.ProbeOutcome;

/**
 * The state of one component, fed each check's outcome. Its own verdict changes only after
 * {@code failureThreshold} failures or {@code recoveryThreshold} successes in a row (so a flapping
 * target does not toggle it), except that the first check decides at once; a component one of
 * whose dependencies is down is {@code degraded}, naming the dependency, whatever its own checks say.
 * Times are taken from the checks, so a synthetic timeline gives exact answers.
 */
public final class ComponentState {

    private final int failureThreshold;
    private final int recoveryThreshold;
    private HealthStatus own = HealthStatus.UNKNOWN;
    private HealthStatus status = HealthStatus.UNKNOWN;
    private Instant since;
    private long sinceNanos;
    private String cause;
    private String rootCause;
    private int failures;
    private int successes;
    private Instant streakStart;
    private long streakStartNanos;
    private String streakError;
    private ProbeOutcome last;
    private Instant lastAt;

    /** A component not checked yet. */
    public ComponentState(int failureThreshold, int recoveryThreshold) {
        this.failureThreshold = failureThreshold;
        this.recoveryThreshold = recoveryThreshold;
    }

    /** Where a component stands, as answers and events carry it. */
    public record Snapshot(HealthStatus status, Instant since, long sinceNanos, String cause, String rootCause,
            ProbeOutcome last, Instant lastAt) {

        /** Not checked yet. */
        public static final Snapshot UNKNOWN = new Snapshot(HealthStatus.UNKNOWN, null, 0, null, null, null, null);
    }

    /**
     * Takes one outcome, checked at {@code at} ({@code nanos} on the monotonic clock), while
     * {@code downDependency} names a dependency that is down, if any. Answers the state afterwards.
     */
    public synchronized Snapshot record(ProbeOutcome outcome, Instant at, long nanos, Optional<String> downDependency) {
        boolean passing = outcome.status().passing();
        if (passing) {
            if (successes++ == 0) {
                streak(at, nanos, null);
            }
            failures = 0;
        } else {
            if (failures++ == 0) {
                streak(at, nanos, outcome.error());
            }
            successes = 0;
        }
        HealthStatus previousOwn = own;
        Instant ownSince = at;
        long ownSinceNanos = nanos;
        if (own == HealthStatus.UNKNOWN) {
            own = passing ? outcome.status() : HealthStatus.DOWN;
        } else if (own == HealthStatus.DOWN && successes >= recoveryThreshold) {
            own = outcome.status();
            ownSince = streakStart;
            ownSinceNanos = streakStartNanos;
        } else if (own != HealthStatus.DOWN && failures >= failureThreshold) {
            own = HealthStatus.DOWN;
            ownSince = streakStart;
            ownSinceNanos = streakStartNanos;
        } else if (own != HealthStatus.DOWN && passing) {
            own = outcome.status();
        }
        HealthStatus next = downDependency.isPresent() ? HealthStatus.DEGRADED : own;
        String nextCause = downDependency.map(dependency -> "depends on " + dependency + ", which is down")
                .orElse(own == HealthStatus.DOWN ? streakError : own == HealthStatus.DEGRADED ? outcome.error() : null);
        if (next != status) {
            boolean ownChanged = own != previousOwn;
            since = ownChanged && downDependency.isEmpty() ? ownSince : at;
            sinceNanos = ownChanged && downDependency.isEmpty() ? ownSinceNanos : nanos;
        }
        status = next;
        cause = nextCause;
        rootCause = downDependency.orElse(null);
        last = outcome;
        lastAt = at;
        return snapshot();
    }

    /** The state now. */
    public synchronized Snapshot snapshot() {
        return status == HealthStatus.UNKNOWN ? Snapshot.UNKNOWN
                : new Snapshot(status, since, sinceNanos, cause, rootCause, last, lastAt);
    }

    private void streak(Instant at, long nanos, String error) {
        streakStart = at;
        streakStartNanos = nanos;
        streakError = error;
    }
}
