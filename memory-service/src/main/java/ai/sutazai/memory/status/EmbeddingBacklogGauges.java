package ai.sutazai.memory.status;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.mutiny.core.Vertx;
import ai.sutazai.commons.database.MigrationsCompleted;
import ai.sutazai.memory.memories.MemoryRepository;
import ai.sutazai.memory.memories.MemoryRepository.EmbeddingBacklog;

/**
 * The embedding backlog of the whole store, for the EmbeddingsPendingTooLong alert: how many memories
 * wait for their vector and how long the oldest has waited. Read every 15 s from the partial index
 * on pending memories, so a scrape never queries PostgreSQL; every replica reports the same figures.
 */
@ApplicationScoped
public class EmbeddingBacklogGauges {

    private static final Duration READ_EVERY = Duration.ofSeconds(15);

    private final AtomicReference<EmbeddingBacklog> backlog = new AtomicReference<>(new EmbeddingBacklog(0, 0));
    private final MemoryRepository memories;
    private final Vertx vertx;

    public EmbeddingBacklogGauges(MemoryRepository memories, Vertx vertx, MeterRegistry meters) {
        this.memories = memories;
        this.vertx = vertx;
        Gauge.builder("memory.embeddings.pending", backlog, b -> b.get().pending())
                .description("Memories waiting for their embedding, in the whole store").register(meters);
        Gauge.builder("memory.embeddings.pending.oldest.seconds", backlog, b -> b.get().oldestSeconds())
                .description("How long the oldest memory waiting for its embedding has waited").register(meters);
    }

    void afterMigrations(@ObservesAsync MigrationsCompleted migrated) {
        read();
        vertx.setPeriodic(READ_EVERY.toMillis(), id -> read());
    }

    private void read() {
        memories.embeddingBacklog().subscribe().with(backlog::set,
                failure -> Log.debugf("Reading the embedding backlog failed (%s)", failure.getMessage()));
    }
}
