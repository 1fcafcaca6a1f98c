package ai.sutazai.health.monitor;

import java.time.Instant;

import ai.sutazai.health.probe.ProbeDefinition;
import ai.sutazai.health.probe.ProbeOutcome;

/**
 * Fired after every check: what was checked, when ({@code nanos} on the monotonic clock), what it
 * found (secrets already removed) and the component's state afterwards.
 */
public record ProbeChecked(ProbeDefinition probe, Instant at, long nanos, ProbeOutcome outcome,
        ComponentState.Snapshot state) {
}
