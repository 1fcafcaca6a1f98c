package ai.sutazai.health.probe;

import java.util.Map;

/**
 * What one check found: its verdict, how long it took (monotonic clock), the error when it
 * failed and what it learnt on the way (a server version, certificate days left...).
 */
public record ProbeOutcome(HealthStatus status, long latencyMs, String error, Map<String, Object> details) {

    /** A passing check; the runner fills in the latency. */
    public static ProbeOutcome up(Map<String, Object> details) {
        return new ProbeOutcome(HealthStatus.UP, 0, null, Map.copyOf(details));
    }

    /** A check that passed while saying something of it is degraded. */
    public static ProbeOutcome degraded(String why, Map<String, Object> details) {
        return new ProbeOutcome(HealthStatus.DEGRADED, 0, why, Map.copyOf(details));
    }

    /** A failed check and why. */
    public static ProbeOutcome down(String error, Map<String, Object> details) {
        return new ProbeOutcome(HealthStatus.DOWN, 0, error, Map.copyOf(details));
    }

    /** A failed check and why, with nothing learnt on the way. */
    public static ProbeOutcome down(String error) {
        return down(error, Map.of());
    }

    /** Nothing to judge yet (a push probe before its first beat is due): no result is recorded. */
    public static ProbeOutcome pending() {
        return new ProbeOutcome(HealthStatus.UNKNOWN, 0, null, Map.of());
    }

    /** The same outcome measured to have taken {@code latencyMs}. */
    public ProbeOutcome timed(long latencyMs) {
        return new ProbeOutcome(status, latencyMs, error, details);
    }

    /** The same outcome with every secret in its error replaced. */
    public ProbeOutcome redacted(Iterable<String> secrets) {
        return error == null ? this : new ProbeOutcome(status, latencyMs, Redaction.apply(error, secrets), details);
    }
}
