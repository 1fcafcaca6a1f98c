package ai.sutazai.health.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import ai.sutazai.health.probe.HealthStatus;

/**
 * The probes on {@code /q/metrics}, named as blackbox_exporter names them: {@code probe_success}
 * and {@code probe_duration_seconds} of each probe's last check, {@code probe_state_changes_total},
 * {@code probe_checks_total}, and the scheduler's lag (how late checks start) as
 * {@code probe_scheduling_lag_seconds} with its p50 and p99.
 */
@ApplicationScoped
public class ProbeMetrics {

    private final MeterRegistry registry;
    private final Timer lag;
    private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();
    private final Map<String, Counts> counts = new ConcurrentHashMap<>();

    public ProbeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lag = Timer.builder("probe.scheduling.lag")
                .description("How long after its due time each check started (waiting for a timer and a slot)")
                .publishPercentiles(0.5, 0.99).distributionStatisticExpiry(Duration.ofMinutes(1))
                .distributionStatisticBufferLength(2).register(registry);
    }

    /** Exposes how many checks wait for a slot: above zero for long, {@code max-concurrent-checks} is too low. */
    void watch(CheckSlots slots) {
        Gauge.builder("probe.checks.waiting", slots, CheckSlots::waiting)
                .description("Checks that are due but wait for one of the max-concurrent-checks slots")
                .register(registry);
    }

    /** A check started {@code lagNanos} late. */
    void lag(long lagNanos) {
        lag.record(Math.max(0, lagNanos), TimeUnit.NANOSECONDS);
    }

    /** The last check of a probe, and whether its state changed. */
    void checked(String probe, boolean success, long latencyMs, boolean stateChanged) {
        Counts own = counts.get(probe);
        if (own != null) {
            own.success = success ? 1 : 0;
            own.durationSeconds = latencyMs / 1000.0;
            if (stateChanged) {
                own.changes++;
            }
        }
    }

    /** Starts exposing a probe's meters. */
    void register(ProbeRunner runner) {
        String name = runner.definition().name();
        Tags tags = Tags.of("probe", name, "type", runner.definition().type().label());
        Counts own = new Counts();
        counts.put(name, own);
        meters.put(name, List.of(
                Gauge.builder("probe.success", own, c -> c.success)
                        .description("1 if the probe's last check passed, 0 if it failed").tags(tags)
                        .strongReference(true).register(registry),
                Gauge.builder("probe.duration.seconds", own, c -> c.durationSeconds)
                        .description("How long the probe's last check took").tags(tags)
                        .strongReference(true).register(registry),
                FunctionCounter.builder("probe.state.changes", own, c -> c.changes)
                        .description("Times the component's state changed (up, degraded, down)").tags(tags)
                        .register(registry),
                FunctionCounter.builder("probe.checks", runner, ProbeRunner::checks)
                        .description("Checks the probe has made").tags(tags).register(registry),
                Gauge.builder("probe.state", runner, r -> code(r.state().snapshot().status()))
                        .description("The component's state: 1 up, 0.5 degraded, 0 down, -1 unknown").tags(tags)
                        .strongReference(true).register(registry)));
    }

    /** Stops exposing a removed probe's meters. */
    void unregister(String probe) {
        counts.remove(probe);
        List<Meter> own = meters.remove(probe);
        if (own != null) {
            own.forEach(registry::remove);
        }
    }

    private static double code(HealthStatus status) {
        return switch (status) {
            case UP -> 1;
            case DEGRADED -> 0.5;
            case DOWN -> 0;
            case UNKNOWN -> -1;
        };
    }

    // Written by the check that just ended, read at scrape time.
    private static final class Counts {
        volatile double success = Double.NaN;
        volatile double durationSeconds = Double.NaN;
        volatile long changes;
    }
}
