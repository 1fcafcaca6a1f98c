package ai.sutazai.health.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.smallrye.mutiny.Uni;

/**
 * The push probe: a component reports in with {@code POST /api/v1/system/heartbeats/{name}}; the
 * probe fails when no beat came within its interval plus its timeout (the grace for a late beat),
 * or when the last beat itself said the component is down.
 */
final class HeartbeatProbe implements Probe {

    private final String name;
    private final Duration deadline;
    private final HeartbeatLedger ledger;
    private final Clock clock;

    HeartbeatProbe(String name, Duration interval, Duration grace, HeartbeatLedger ledger, Clock clock) {
        this.name = name;
        this.deadline = interval.plus(grace);
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public Uni<ProbeOutcome> check() {
        return Uni.createFrom().item(this::verdict);
    }

    private ProbeOutcome verdict() {
        Instant now = clock.instant();
        return ledger.last(name).map(beat -> {
            Map<String, Object> details = Map.of("lastBeatAt", beat.at().toString());
            if (Duration.between(beat.at(), now).compareTo(deadline) > 0) {
                return ProbeOutcome.down("no heartbeat since " + beat.at() + " (expected one every " + deadline
                        + " at most)", details);
            }
            return beat.up() ? ProbeOutcome.up(details)
                    : ProbeOutcome.down(beat.message() == null ? "the last heartbeat reported down"
                            : "the last heartbeat reported down: " + beat.message(), details);
        }).orElseGet(() -> Duration.between(ledger.started(), now).compareTo(deadline) > 0
                ? ProbeOutcome.down("no heartbeat since health-service started at " + ledger.started())
                : ProbeOutcome.pending());
    }

    @Override
    public void close() {
        // Beats stay in the ledger: a reloaded probe of the same name keeps the last one.
    }
}
