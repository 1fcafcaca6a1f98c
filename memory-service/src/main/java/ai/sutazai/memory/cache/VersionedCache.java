package ai.sutazai.memory.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

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

    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(200);
    private static final Duration REDIS_REST = Duration.ofSeconds(2);
    // Invalid marks outlive the fills they must refuse: a reader slower than this is not expected.
    private static final Duration INVALID_MARK_TTL = Duration.ofMinutes(1);

    private final ReactiveRedisDataSource redis;
    private final String script;
    private volatile long restUntilMillis;
    private volatile boolean down;

    public VersionedCache(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.script = load();
    }

    /** The cached payload, or empty on a miss, an invalid entry, or Redis unavailable. */
    public Uni<Optional<String>> get(String key) {
        if (resting()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return guarded(redis.execute("GET", key).map(response -> {
            if (response == null) {
                return Optional.<String> empty();
            }
            String value = response.toString();
            int bar = value.indexOf('|');
            String payload = bar < 0 ? "" : value.substring(bar + 1);
            return payload.isEmpty() ? Optional.<String> empty() : Optional.of(payload);
        }), Optional.empty());
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
        return !down;
    }

    private Uni<Void> set(String key, long version, String payload, Duration ttl) {
        if (resting()) {
            return Uni.createFrom().voidItem();
        }
        long ttlMillis = Math.max(1, ttl.toMillis());
        return guarded(redis.execute("EVAL", script, "1", key, String.valueOf(version), payload,
                String.valueOf(ttlMillis)).replaceWith(Boolean.TRUE), Boolean.FALSE).replaceWithVoid();
    }

    private <T> Uni<T> guarded(Uni<T> call, T fallback) {
        return call.ifNoItem().after(REDIS_TIMEOUT).fail()
                .invoke(() -> {
                    if (down) {
                        down = false;
                        Log.info("The Redis cache answers again");
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    if (!down) {
                        down = true;
                        Log.warnf("The Redis cache is unavailable, answering from PostgreSQL: %s", failure.toString());
                    }
                    restUntilMillis = System.currentTimeMillis() + REDIS_REST.toMillis();
                    return fallback;
                });
    }

    private boolean resting() {
        return System.currentTimeMillis() < restUntilMillis;
    }

    private static String load() {
        try (InputStream in = VersionedCache.class.getResourceAsStream("/cache/versioned-set.lua")) {
            if (in == null) {
                throw new IllegalStateException("/cache/versioned-set.lua is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
