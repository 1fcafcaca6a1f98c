package ai.sutazai.health.storage;

import java.time.Duration;
import java.util.function.Supplier;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Keeps an in-memory copy of some rows fresh, so answers never wait for PostgreSQL: reads them at
 * once and every {@code interval} after (which also brings in what other replicas wrote), until
 * stopped. A failed read keeps the last copy and is tried again at the next tick.
 */
public final class PeriodicReload {

    private final String what;
    private final Duration interval;
    private final Supplier<Uni<Void>> reload;
    private long timer = -1;

    /** {@code what} names the rows in log lines, e.g. "Maintenance windows". */
    public PeriodicReload(String what, Duration interval, Supplier<Uni<Void>> reload) {
        this.what = what;
        this.interval = interval;
        this.reload = reload;
    }

    /** Reads now and on every tick from now on. */
    public void start(Vertx vertx) {
        run();
        timer = vertx.setPeriodic(interval.toMillis(), ignored -> run());
    }

    /** Stops the ticks (at shutdown). */
    public void stop(Vertx vertx) {
        vertx.cancelTimer(timer);
    }

    private void run() {
        reload.get().subscribe().with(done -> { },
                failure -> Log.debugf("%s not reloaded: %s", what, failure.getMessage()));
    }
}
