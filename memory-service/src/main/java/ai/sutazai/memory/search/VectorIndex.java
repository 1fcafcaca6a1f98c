package ai.sutazai.memory.search;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import io.quarkus.logging.Log;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

import ai.sutazai.commons.database.MigrationsCompleted;
import ai.sutazai.memory.MemoryConfig;
import ai.sutazai.memory.embedding.EmbeddingModel;

/**
 * Chooses the vector backend. After migrations, where the pgvector extension is available it is
 * created in {@code public} (if this role may) and an HNSW index is built on the vector cast of
 * the stored {@code real[]}; semantic search then goes through it. Otherwise, and until then, the
 * exact backend serves. The schema is the same either way, so a server may gain pgvector later.
 */
@Singleton
public class VectorIndex {

    // Building the index over many stored vectors takes a while; the exact backend serves meanwhile.
    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);

    private record Extension(String version, String schema) {
    }

    private final Pool pool;
    private final EmbeddingModel model;
    private final ExactVectorSearch exact;
    private final int efSearch;
    private volatile VectorSearch active;

    public VectorIndex(Pool pool, EmbeddingModel model, ExactVectorSearch exact, MemoryConfig config) {
        this.pool = pool;
        this.model = model;
        this.exact = exact;
        this.efSearch = config.search().hnswEfSearch();
        this.active = exact;
    }

    /** The backend that serves semantic search now. */
    public VectorSearch active() {
        return active;
    }

    void afterMigrations(@ObservesAsync MigrationsCompleted migrated) {
        try {
            Optional<Extension> extension = installedExtension().or(this::createExtension);
            if (extension.isEmpty()) {
                Log.info("pgvector is not available on this server: semantic search is exact, in this process");
                return;
            }
            if (!"public".equals(extension.get().schema())) {
                Log.warnf("pgvector is installed in schema %s, not public: semantic search stays exact",
                        extension.get().schema());
                return;
            }
            String index = "memories_embedding_hnsw_" + model.dimension();
            pool.query("CREATE INDEX IF NOT EXISTS " + index + " ON memory.memories USING hnsw "
                    + "((embedding::public.vector(" + model.dimension() + ")) public.vector_cosine_ops) "
                    + "WHERE embedding_dimension = " + model.dimension()).execute().await().atMost(BUILD_TIMEOUT);
            boolean iterativeScan = atLeast(extension.get().version(), 0, 8);
            active = new PgvectorSearch(pool, model, efSearch, iterativeScan);
            Log.infof("Semantic search uses pgvector %s through the HNSW index %s (ef_search %d%s)",
                    extension.get().version(), index, efSearch, iterativeScan ? ", iterative scan" : "");
        } catch (RuntimeException e) {
            Log.warnf("pgvector could not be prepared (%s): semantic search stays exact", e.getMessage());
        }
    }

    private Optional<Extension> installedExtension() {
        var rows = pool.query("SELECT e.extversion, n.nspname FROM pg_catalog.pg_extension e "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'vector'")
                .execute().await().atMost(QUERY_TIMEOUT);
        if (!rows.iterator().hasNext()) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        return Optional.of(new Extension(row.getString("extversion"), row.getString("nspname")));
    }

    private Optional<Extension> createExtension() {
        boolean available = pool.query("SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = 'vector'")
                .execute().await().atMost(QUERY_TIMEOUT).iterator().hasNext();
        if (!available) {
            return Optional.empty();
        }
        try {
            pool.query("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public").execute().await().atMost(QUERY_TIMEOUT);
        } catch (RuntimeException e) {
            Log.warnf("pgvector is available but could not be created (%s); a superuser can run "
                    + "CREATE EXTENSION vector SCHEMA public", e.getMessage());
            return Optional.empty();
        }
        return installedExtension();
    }

    static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("\\.");
        try {
            int actualMajor = Integer.parseInt(parts[0]);
            int actualMinor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return actualMajor > major || actualMajor == major && actualMinor >= minor;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
