package ai.sutazai.health.probe;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/** The last heartbeat each push probe received, kept in memory: a restart waits for the next beat. */
@ApplicationScoped
public class HeartbeatLedger {

    private final Map<String, Beat> beats = new ConcurrentHashMap<>();
    private final Instant started;

    public HeartbeatLedger(Clock clock) {
        this.started = clock.instant();
    }

    /** One heartbeat: when it came, and whether the component said it is well. */
    public record Beat(Instant at, boolean up, String message) {
    }

    /** Records a heartbeat of the probe {@code name}. */
    public void record(String name, Beat beat) {
        beats.put(name, beat);
    }

    /** The last heartbeat of {@code name}, if one came since this service started. */
    public Optional<Beat> last(String name) {
        return Optional.ofNullable(beats.get(name));
    }

    /** When this service started listening for heartbeats. */
    public Instant started() {
        return started;
    }
}
