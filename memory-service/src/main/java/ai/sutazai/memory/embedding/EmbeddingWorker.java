package ai.sutazai.memory.embedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.memory.MemoryConfig;
import ai.sutazai.memory.cache.VersionedCache;
import ai.sutazai.memory.memories.MemoryRepository;
import ai.sutazai.memory.memories.MemoryService;

/**
 * Computes the vectors of pending memories in batches on one thread of its own, so writes return
 * as soon as the memory is stored. A write hands its memory over in memory and wakes it at once.
 * A periodic sweep takes pending memories nobody has queued (their replica stopped, or this one's
 * queue was full): those left pending for {@code orphaned-after} are claimed by a lease in the row,
 * so replicas do not embed them twice. A vector is stored only if the memory has not changed since
 * it was read.
 */
@Singleton
public class EmbeddingWorker {

    static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(10);
    // Beyond this many queued memories, writes rely on the sweep (bounds the heap in a burst).
    static final int MAX_QUEUED = 10_000;
    static final int INVALIDATIONS_IN_FLIGHT = 8;

    private record Pending(UUID id, long version, String content) {
    }

    private final EmbeddingModel model;
    private final Pool pool;
    private final VersionedCache cache;
    private final MemoryConfig.Embedding config;
    private final MeterRegistry metrics;
    private final Semaphore wakeUps = new Semaphore(0);
    private final Queue<Pending> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedCount = new AtomicInteger();
    private volatile Thread thread;
    private volatile boolean running = true;
    private String lastError;
    // The previous batch's store, left running while the next batch is embedded.
    private CompletableFuture<Void> storing = CompletableFuture.completedFuture(null);

    public EmbeddingWorker(EmbeddingModel model, Pool pool, VersionedCache cache, MemoryConfig config,
            MeterRegistry metrics) {
        this.model = model;
        this.pool = pool;
        this.cache = cache;
        this.config = config.embedding();
        this.metrics = metrics;
    }

    /** Embeds a memory just written with this content at this version, soon. */
    public void enqueue(UUID id, long version, String content) {
        if (queuedCount.incrementAndGet() <= MAX_QUEUED) {
            queued.add(new Pending(id, version, content));
        } else {
            queuedCount.decrementAndGet();
        }
        // One permit is enough however many writes arrive: a drain takes everything queued.
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    void start(@Observes StartupEvent event) {
        model.whenReady(this::startThread);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        Thread worker = thread;
        if (worker != null) {
            worker.interrupt();
        }
    }

    private synchronized void startThread() {
        if (thread == null) {
            thread = new Thread(this::run, "memory-embedder");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run() {
        while (running) {
            try {
                while (running && embedOneBatch()) {
                    // Drain: a full or partial batch was embedded, so look again at once.
                }
                awaitStored();
                wakeUps.tryAcquire(config.sweepEvery().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                reportOnce(e);
                sleepQuietly(config.sweepEvery());
            }
        }
    }

    // Embeds and stores one batch, queued or claimed; false when nothing was pending.
    private boolean embedOneBatch() {
        List<Pending> batch = takeQueued();
        if (batch.isEmpty()) {
            // The batch being stored may hold memories the sweep would take (they waited long enough).
            awaitStored();
            batch = claimOrphans();
        }
        if (batch.isEmpty()) {
            return false;
        }
        List<float[]> vectors;
        Timer.Sample started = Timer.start(metrics);
        try {
            vectors = model.embed(batch.stream().map(Pending::content).toList());
            started.stop(metrics.timer("memory.embedding.batch"));
        } catch (RuntimeException e) {
            Log.warnf(e, "Embedding a batch of %d memories failed; embedding them one by one", batch.size());
            awaitStored();
            batch.forEach(this::embedAlone);
            return true;
        }
        // The database stores this batch while the model embeds the next; one store in flight at most.
        awaitStored();
        storing = store(batch, vectors).subscribeAsCompletionStage();
        if (lastError != null) {
            Log.info("The embedder works again");
            lastError = null;
        }
        return true;
    }

    private List<Pending> takeQueued() {
        List<Pending> batch = new ArrayList<>();
        Pending next;
        while (batch.size() < config.batchSize() && (next = queued.poll()) != null) {
            queuedCount.decrementAndGet();
            batch.add(next);
        }
        return batch;
    }

    private List<Pending> claimOrphans() {
        RowSet<Row> rows = pool.preparedQuery("UPDATE memory.memories claimed "
                + "SET embedding_claimed_until = now() + make_interval(secs => $2) "
                + "WHERE claimed.id IN (SELECT m.id FROM memory.memories m WHERE m.embedding_status = 'pending' "
                + "AND m.updated_at < now() - make_interval(secs => $3) "
                + "AND (m.embedding_claimed_until IS NULL OR m.embedding_claimed_until < now()) AND "
                + MemoryRepository.LIVE + " ORDER BY m.updated_at LIMIT $1 FOR UPDATE SKIP LOCKED) "
                + "RETURNING claimed.id, claimed.version, claimed.content")
                .execute(Tuple.of(config.batchSize(), config.claimFor().toMillis() / 1000.0,
                        config.orphanedAfter().toMillis() / 1000.0))
                .await().atMost(DATABASE_TIMEOUT);
        List<Pending> batch = new ArrayList<>();
        rows.forEach(row -> batch.add(new Pending(row.getUUID("id"), row.getLong("version"), row.getString("content"))));
        return batch;
    }

    private void embedAlone(Pending memory) {
        try {
            store(List.of(memory), model.embed(List.of(memory.content()))).await().atMost(DATABASE_TIMEOUT);
        } catch (RuntimeException e) {
            Log.errorf(e, "Memory %s cannot be embedded; it stays findable by keywords only", memory.id());
            metrics.counter("memory.embeddings", "outcome", "failed").increment();
            pool.preparedQuery("UPDATE memory.memories SET embedding_status = 'failed', embedding_claimed_until = NULL "
                    + "WHERE id = $1 AND version = $2").execute(Tuple.of(memory.id(), memory.version()))
                    .await().atMost(DATABASE_TIMEOUT);
        }
    }

    // Stores each vector unless its memory changed meanwhile (then it is pending again and re-embedded):
    // one statement for the batch, then the cache entries marked invalid all at once.
    private Uni<Void> store(List<Pending> batch, List<float[]> vectors) {
        List<Tuple> updates = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Pending memory = batch.get(i);
            updates.add(Tuple.of(memory.id(), memory.version(), Vectors.boxed(vectors.get(i)), model.name(),
                    model.dimension()));
        }
        UUID[] ids = batch.stream().map(Pending::id).toArray(UUID[]::new);
        // The batch's rows are locked first, in id order, and only then its owners' revision rows (by the
        // revision trigger): the order a single-row write takes them in, so the two never deadlock.
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT m.id FROM memory.memories m "
                + "WHERE m.id = ANY($1) ORDER BY m.id FOR UPDATE").execute(Tuple.of((Object) ids))
                .flatMap(locked -> tx.preparedQuery("UPDATE memory.memories SET embedding = $3, "
                        + "embedding_model = $4, embedding_dimension = $5, embedding_status = 'ready', "
                        + "embedding_claimed_until = NULL, version = version + 1 WHERE id = $1 AND version = $2 "
                        + "RETURNING id, version").executeBatch(updates)))
                .flatMap(stored -> {
                    // The version grew (the memory now shows embeddingStatus "ready"), so cached copies are stale.
                    List<Row> changed = new ArrayList<>(batch.size());
                    for (RowSet<Row> result = stored; result != null; result = result.next()) {
                        result.forEach(changed::add);
                    }
                    metrics.counter("memory.embeddings", "outcome", "stored").increment(changed.size());
                    // Changed while being embedded: pending again, embedded anew from the new content.
                    metrics.counter("memory.embeddings", "outcome", "superseded").increment(batch.size() - changed.size());
                    // A few at a time: a whole batch at once overflows the Redis client's wait queue (24),
                    // and that failure would mark Redis unavailable for every request.
                    return Multi.createFrom().iterable(changed)
                            .onItem().transformToUni(row -> cache.invalidate(
                                    MemoryService.key(row.getUUID("id").toString()), row.getLong("version")))
                            .merge(INVALIDATIONS_IN_FLIGHT)
                            .collect().last().replaceWithVoid();
                })
                .ifNoItem().after(DATABASE_TIMEOUT).fail();
    }

    // Waits for the batch stored in the background; its failure is this batch's (its rows stay pending).
    private void awaitStored() {
        CompletableFuture<Void> previous = storing;
        storing = CompletableFuture.completedFuture(null);
        try {
            previous.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private void reportOnce(RuntimeException e) {
        String error = String.valueOf(e.getMessage());
        if (!error.equals(lastError)) {
            Log.warnf("The embedder cannot work now (retrying every %s): %s", config.sweepEvery(), error);
            lastError = error;
        }
    }

    private static void sleepQuietly(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
