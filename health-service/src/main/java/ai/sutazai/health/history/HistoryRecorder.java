package ai.sutazai.health.history;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

import ai.sutazai.commons.database.MigrationRunner;
import ai.sutazai.health.config.HealthConfig;
import ai.sutazai.health.monitor.ProbeChecked;
import ai.sutazai.health.storage.WriteBehind;

/**
 * Stores every check. Results go through a bounded in-memory buffer written every flush interval,
 * so while PostgreSQL is down (or before the schema is migrated) the service keeps probing and the
 * results wait in memory; they are written, in order, when it returns.
 */
@ApplicationScoped
public class HistoryRecorder {

    private final WriteBehind<StoredResult> buffer;
    private final MigrationRunner migrations;
    private final Vertx vertx;
    private final HealthConfig config;

    public HistoryRecorder(ResultRepository results, MigrationRunner migrations, Vertx vertx, HealthConfig config,
            Clock clock, MeterRegistry registry) {
        this.migrations = migrations;
        this.vertx = vertx;
        this.config = config;
        this.buffer = new WriteBehind<>("probe results", config.history().bufferCapacity(),
                config.history().batchSize(), results::insert, clock);
        Gauge.builder("health.history.buffered", buffer, WriteBehind::pending)
                .description("Probe results held in memory, waiting to be written to PostgreSQL").register(registry);
        FunctionCounter.builder("health.history.dropped", buffer, WriteBehind::dropped)
                .description("Probe results dropped because the buffer was full while PostgreSQL was down")
                .register(registry);
        FunctionCounter.builder("health.history.refused", buffer, WriteBehind::refused)
                .description("Probe results dropped because PostgreSQL refused them (a data or constraint error)")
                .register(registry);
    }

    void record(@Observes ProbeChecked checked) {
        buffer.offer(new StoredResult(checked.probe().name(), checked.at(), checked.outcome().status(),
                checked.outcome().latencyMs(), checked.outcome().error()));
    }

    void start(@Observes StartupEvent event) {
        buffer.flushEvery(vertx, config.history().flushInterval(), () -> migrations.status().done());
    }

    void stop(@Observes ShutdownEvent event) {
        buffer.drain(vertx, WriteBehind.SHUTDOWN_WRITE_LIMIT);
    }

    /** Where the buffer of results stands: for answers that must say when they come from memory. */
    public WriteBehind<StoredResult> buffer() {
        return buffer;
    }
}
