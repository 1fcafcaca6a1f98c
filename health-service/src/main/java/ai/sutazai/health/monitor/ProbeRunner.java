package ai.sutazai.health.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;

import ai.sutazai.health.probe.HealthStatus;
import ai.sutazai.health.probe.Probe;
import ai.sutazai.health.probe.ProbeDefinition;
import ai.sutazai.health.probe.ProbeOutcome;

/**
 * Runs one probe on its own schedule: due times advance by exactly one interval (no drift), each
 * check waits for a slot, is cut off at its timeout, and a check still running when the next is due
 * makes that one skipped rather than piled up.
 */
final class ProbeRunner {

    /** Where the results of a runner go. */
    interface Sink {
        /** A check started {@code lagNanos} after it was due. */
        void started(ProbeRunner runner, long lagNanos);

        /** A check that started at {@code at} ({@code startNanos} on the monotonic clock) ended. */
        void checked(ProbeRunner runner, ProbeOutcome outcome, Instant at, long startNanos);
    }

    private final ProbeDefinition definition;
    private final Probe probe;
    private final ComponentState state;
    private final Context context;
    private final Clock clock;
    private final CheckSlots slots;
    private final Sink sink;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean stopped;
    private volatile long timer = -1;
    private long dueNanos;

    ProbeRunner(ProbeDefinition definition, Probe probe, Context context, Clock clock, CheckSlots slots, Sink sink) {
        this.definition = definition;
        this.probe = probe;
        this.state = new ComponentState(definition.failureThreshold(), definition.recoveryThreshold());
        this.context = context;
        this.clock = clock;
        this.slots = slots;
        this.sink = sink;
    }

    ProbeDefinition definition() {
        return definition;
    }

    ComponentState state() {
        return state;
    }

    /** Checks finished since the runner started. */
    long checks() {
        return checks.get();
    }

    /** Checks skipped because the previous one was still running. */
    long skipped() {
        return skipped.get();
    }

    /** Starts checking after {@code delay}. */
    void start(Duration delay) {
        context.runOnContext(ignored -> {
            dueNanos = System.nanoTime() + delay.toNanos();
            schedule();
        });
    }

    /** Stops checking and closes the probe once any check in flight ends. */
    void stop() {
        stopped = true;
        context.runOnContext(ignored -> {
            if (timer >= 0) {
                context.owner().cancelTimer(timer);
            }
            if (!running.get()) {
                probe.close();
            }
        });
    }

    private void schedule() {
        if (stopped) {
            return;
        }
        long delayMillis = Math.max(1, (dueNanos - System.nanoTime() + 999_999) / 1_000_000);
        timer = context.owner().setTimer(delayMillis, ignored -> due());
    }

    private void due() {
        long due = dueNanos;
        long interval = definition.interval().toNanos();
        dueNanos += interval;
        long now = System.nanoTime();
        if (dueNanos < now) {
            // Fell more than an interval behind (a paused JVM): resume from now rather than catch up.
            dueNanos = now + interval;
        }
        schedule();
        if (!running.compareAndSet(false, true)) {
            skipped.incrementAndGet();
            return;
        }
        slots.submit(() -> context.runOnContext(ignored -> run(due)));
    }

    private void run(long due) {
        long start = System.nanoTime();
        // Both clocks at the start, so a check that times out is not stored its timeout late. Microseconds,
        // as PostgreSQL keeps them: a result read back is the same result.
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Duration timeout = definition.timeout();
        // Deferred, so that whatever throws here still ends as an outcome that gives the slot back.
        Uni.createFrom().deferred(() -> {
            sink.started(this, start - due);
            return probe.check();
        })
                .ifNoItem().after(timeout).recoverWithItem(() -> ProbeOutcome.down("no answer within " + timeout))
                .onFailure().recoverWithItem(failure -> ProbeOutcome.down(Probe.describe(failure)))
                .subscribe().with(outcome -> finish(outcome, at, start));
    }

    private void finish(ProbeOutcome outcome, Instant at, long start) {
        slots.release();
        if (outcome.status() != HealthStatus.UNKNOWN) {
            checks.incrementAndGet();
        }
        try {
            sink.checked(this, outcome.timed(Duration.ofNanos(System.nanoTime() - start).toMillis()), at, start);
        } finally {
            running.set(false);
            if (stopped) {
                probe.close();
            }
        }
    }
}
