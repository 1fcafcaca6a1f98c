package ai.sutazai.memory.cache;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

import ai.sutazai.commons.redis.RedisFallback;
import ai.sutazai.commons.redis.RedisScript;

/**
 * Cache-aside in Redis that never serves a value older than a completed write. Entries carry the
 * version of what they hold: a writer marks the entry invalid at its new version after it commits,
 * and a reader's fill is refused when the entry already holds (or was invalidated at) a newer
 * version, so a slow reader cannot put back what a write replaced. Redis being slow or down only
 * costs the cache: every call then answers "miss" or does nothing, and Redis is left alone for a
 * moment before it is asked again.
 */
@ApplicationScoped
public class VersionedCache {

    private static final RedisScript VERSIONED_SET = RedisScript.load("/cache/versioned-set.lua");
    // Invalid marks outlive the fills they must refuse: a reader slower than this is not expected.
    private static final Duration INVALID_MARK_TTL = Duration.ofMinutes(1);

    private final ReactiveRedisDataSource redis;
    private final RedisFallback fallback = new RedisFallback("The Redis cache answers",
            Duration.ofMillis(200), Duration.ofSeconds(2));

    public VersionedCache(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** The cached payload, or empty on a miss, an invalid entry, or Redis unavailable. */
    public Uni<Optional<String>> get(String key) {
        return fallback.call(() -> redis.execute("GET", key).map(response -> {
            if (response == null) {
                return Optional.<String> empty();
            }
            String value = response.toString();
            int bar = value.indexOf('|');
            String payload = bar < 0 ? "" : value.substring(bar + 1);
            return payload.isEmpty() ? Optional.<String> empty() : Optional.of(payload);
        }), failure -> Optional.empty());
    }

    /** Stores what a read found at {@code version}, unless the entry is newer. */
    public Uni<Void> fill(String key, long version, String payload, Duration ttl) {
        return set(key, version, payload, ttl);
    }

    /** Marks the entry invalid at {@code version}, after a write of that version committed. */
    public Uni<Void> invalidate(String key, long version) {
        return set(key, version, "", INVALID_MARK_TTL);
    }

    /** Whether Redis answered the last time it was asked. */
    public boolean available() {
        return fallback.available();
    }

    private Uni<Void> set(String key, long version, String payload, Duration ttl) {
        String ttlMillis = String.valueOf(Math.max(1, ttl.toMillis()));
        return fallback.call(() -> VERSIONED_SET.run(redis, key, String.valueOf(version), payload, ttlMillis)
                .replaceWith(Boolean.TRUE), failure -> Boolean.FALSE).replaceWithVoid();
    }
}
