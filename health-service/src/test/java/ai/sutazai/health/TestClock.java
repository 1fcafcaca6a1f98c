package ai.sutazai.health;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/** The service's clock in tests: the real time, unless a test pins it to an instant of a synthetic timeline. */
@Alternative
@Priority(1)
@Singleton
public class TestClock extends Clock {

    private final AtomicReference<Instant> pinned = new AtomicReference<>();

    /** Makes the clock read {@code now} until {@link #release()}. */
    public void pin(Instant now) {
        pinned.set(now);
    }

    /** Back to the real time. */
    public void release() {
        pinned.set(null);
    }

    @Override
    public Instant instant() {
        Instant now = pinned.get();
        return now != null ? now : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
