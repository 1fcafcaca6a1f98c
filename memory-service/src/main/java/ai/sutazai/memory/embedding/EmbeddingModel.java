package ai.sutazai.memory.embedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

import ai.sutazai.commons.database.MigrationsCompleted;

/**
 * The embedding provider and whether it may be used: the model loads in the background after
 * start-up, and vectors already stored must have the provider's dimension. A mismatch found at
 * start-up stops the service; one found later (the database was down at start) keeps it not ready.
 */
@Singleton
public class EmbeddingModel {

    /** Where the model stands; only {@code READY} serves. */
    public enum State {
        LOADING, READY, FAILED, INCOMPATIBLE
    }

    static final Duration START_CHECK_TIMEOUT = Duration.ofSeconds(3);
    // Undefined table or column: the schema is older than the embedding columns, so nothing is stored yet.
    private static final List<String> SCHEMA_NOT_MIGRATED = List.of("42P01", "42703", "3F000");

    private final EmbeddingProvider provider;
    private final Pool pool;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "memory-embedding-model-loader");
        thread.setDaemon(true);
        return thread;
    });
    private volatile State state = State.LOADING;
    private volatile boolean loaded;
    private volatile String problem = "the embedding model is loading";
    private final List<Runnable> onReady = new ArrayList<>();

    public EmbeddingModel(EmbeddingProvider provider, Pool pool) {
        this.provider = provider;
        this.pool = pool;
    }

    /** The provider's model name. */
    public String name() {
        return provider.model();
    }

    /** The provider's vector length. */
    public int dimension() {
        return provider.dimension();
    }

    /** Where the model stands. */
    public State state() {
        return state;
    }

    /** Why the model cannot serve; empty when ready. */
    public Optional<String> problem() {
        return state == State.READY ? Optional.empty() : Optional.of(problem);
    }

    /** Runs {@code action} once the model serves (at once if it already does). */
    public synchronized void whenReady(Runnable action) {
        if (state == State.READY) {
            action.run();
        } else {
            onReady.add(action);
        }
    }

    /** One unit vector per text; blocks, so never call it on an event loop. */
    public List<float[]> embed(List<String> texts) {
        if (state != State.READY) {
            throw new IllegalStateException(problem);
        }
        return provider.embed(texts);
    }

    void start(@Observes StartupEvent event) {
        // Refusing to start is only possible now; if PostgreSQL is down, the same check runs after migrations.
        storedMismatch(START_CHECK_TIMEOUT).ifPresent(mismatch -> {
            throw new IllegalStateException(mismatch);
        });
        loader.execute(this::load);
    }

    void afterMigrations(@ObservesAsync MigrationsCompleted migrated) {
        storedMismatch(START_CHECK_TIMEOUT.multipliedBy(10)).ifPresent(mismatch -> {
            Log.error(mismatch);
            problem = mismatch;
            state = State.INCOMPATIBLE;
        });
    }

    void stop(@Observes ShutdownEvent event) {
        loader.shutdownNow();
    }

    private void load() {
        long started = System.nanoTime();
        try {
            provider.load();
            loaded = true;
            Log.infof("Embedding model %s (%d dimensions) loaded in %d ms", provider.model(), provider.dimension(),
                    (System.nanoTime() - started) / 1_000_000);
            becomeReady();
        } catch (RuntimeException | LinkageError e) {
            problem = "the embedding model " + provider.model() + " failed to load: " + e;
            state = State.FAILED;
            Log.error(problem, e);
        }
    }

    private synchronized void becomeReady() {
        if (state != State.LOADING || !loaded) {
            return;
        }
        state = State.READY;
        onReady.forEach(Runnable::run);
        onReady.clear();
    }

    // A description of stored vectors whose dimension differs from the provider's, if any; empty
    // also when PostgreSQL cannot be asked now.
    private Optional<String> storedMismatch(Duration timeout) {
        try {
            return pool.preparedQuery("SELECT embedding_dimension, embedding_model, count(*) AS vectors "
                    + "FROM memory.memories WHERE embedding IS NOT NULL AND embedding_dimension <> $1 "
                    + "GROUP BY embedding_dimension, embedding_model ORDER BY vectors DESC LIMIT 3")
                    .execute(Tuple.of(provider.dimension()))
                    .map(rows -> {
                        if (!rows.iterator().hasNext()) {
                            return Optional.<String>empty();
                        }
                        List<String> stored = new ArrayList<>();
                        rows.forEach(row -> stored.add(row.getLong("vectors") + " vectors of " + row.getInteger(
                                "embedding_dimension") + " dimensions from " + row.getString("embedding_model")));
                        return Optional.of("EMBEDDING_PROVIDER " + provider.model() + " makes vectors of "
                                + provider.dimension() + " dimensions, but memory.memories holds " + String.join(", ",
                                        stored) + ". Use the provider those vectors came from, or clear them first "
                                        + "(UPDATE memory.memories SET embedding = NULL, embedding_model = NULL, embedding_dimension = NULL, "
                                        + "embedding_status = 'pending') "
                                        + "so every memory is embedded again.");
                    })
                    .onFailure(PgException.class)
                    .recoverWithUni(failure -> SCHEMA_NOT_MIGRATED.contains(((PgException) failure).getSqlState())
                            ? Uni.createFrom().item(Optional.empty())
                            : Uni.createFrom().failure(failure))
                    .await().atMost(timeout);
        } catch (RuntimeException unreachable) {
            Log.infof("Stored embeddings could not be checked now (%s); the check runs again after migrations",
                    unreachable.getMessage());
            return Optional.empty();
        }
    }
}
