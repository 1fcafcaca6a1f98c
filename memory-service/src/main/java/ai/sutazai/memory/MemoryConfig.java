package ai.sutazai.memory;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Limits and cache settings of memory-service. */
@ConfigMapping(prefix = "memory")
public interface MemoryConfig {

    /** The longest memory or message content accepted, in characters. */
    int maxContentLength();

    /** The Redis cache. */
    Cache cache();

    /** The job that deletes expired memories. */
    Purge purge();

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
