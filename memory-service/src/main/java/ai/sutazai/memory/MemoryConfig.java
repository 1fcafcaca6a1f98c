package ai.sutazai.memory;

import java.time.Duration;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;

/** Limits, cache, embedding and search settings of memory-service. */
@ConfigMapping(prefix = "memory")
public interface MemoryConfig {

    /** The longest memory or message content accepted, in characters. */
    int maxContentLength();

    /** The Redis cache. */
    Cache cache();

    /** The job that deletes expired memories. */
    Purge purge();

    /** The background embedder. */
    Embedding embedding();

    /** Search. */
    Search search();

    /** How memories get their vectors. */
    interface Embedding {
        /** {@code EMBEDDING_PROVIDER}: {@code onnx}, the in-process all-MiniLM-L6-v2. */
        String provider();

        /** Memories embedded together. */
        int batchSize();

        /** Threads the texts of a batch are spread over; unset: one per available processor. */
        OptionalInt threads();

        /** How often pending memories nobody queued (another replica stopped, a full queue) are looked for. */
        Duration sweepEvery();

        /** How long a worker holds the memories it is embedding before another may take them. */
        Duration claimFor();

        /** How long a memory stays pending before any replica's sweep takes it (its writer queued it). */
        Duration orphanedAfter();
    }

    /** Keyword, semantic and hybrid search. */
    interface Search {
        /** The constant k of reciprocal rank fusion: score = sum of 1 / (k + rank). */
        int rrfK();

        /** Vectors the exact backend keeps in memory (1.5 KiB each at 384 dimensions). */
        long vectorCacheSize();

        /** {@code hnsw.ef_search} for semantic search on pgvector: higher finds more of the true neighbours. */
        int hnswEfSearch();
    }

    /** The purge job (read by its {@code @Scheduled} expression). */
    interface Purge {
        /** How often it runs, e.g. {@code 60s}. */
        String every();
    }

    /** The Redis cache of memories by id and of conversation tails. */
    interface Cache {
        /** How long an entry may live. */
        Duration ttl();

        /** Messages kept in a cached conversation tail. */
        int tailSize();
    }
}
