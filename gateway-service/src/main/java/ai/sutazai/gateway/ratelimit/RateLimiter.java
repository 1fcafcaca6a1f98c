package ai.sutazai.gateway.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Takes tokens from buckets in Redis with one atomic script per request, so all gateway replicas
 * share each limit. When Redis does not answer in time, this replica's own buckets decide
 * (and Redis is asked again a little later): degraded, never unlimited.
 */
@ApplicationScoped
public class RateLimiter {

    private static final String SCRIPT_RESOURCE = "/ratelimit/token-bucket.lua";

    private final ReactiveRedisDataSource redis;
    private final RateLimitConfig config;
    private final LocalBuckets local = new LocalBuckets();
    private final String script;
    private final String scriptSha;
    private volatile long redisRetryAtMillis;
    private volatile boolean degraded;

    public RateLimiter(ReactiveRedisDataSource redis, RateLimitConfig config) {
        this.redis = redis;
        this.config = config;
        this.script = load();
        this.scriptSha = sha1(script);
    }

    // Opens the connection and loads the script before the first request needs them.
    void warmUp(@Observes StartupEvent event) {
        redis.execute("SCRIPT", "LOAD", script).subscribe().with(loaded -> { },
                failure -> Log.debugf("Redis is not there yet for rate limits: %s", failure.getMessage()));
    }

    /** Takes one token from the bucket {@code key} of size {@code limit}. */
    public Uni<Decision> take(String key, RateLimitConfig.Limit limit) {
        long now = System.currentTimeMillis();
        if (now < redisRetryAtMillis) {
            return Uni.createFrom().item(local.take(key, limit, now));
        }
        String capacity = String.valueOf(limit.capacity());
        String rate = String.valueOf(limit.refillPerSecond());
        return redis.execute("EVALSHA", scriptSha, "1", key, capacity, rate)
                // First use on this Redis (or after a restart): send the script itself once.
                .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("NOSCRIPT"))
                .recoverWithUni(() -> redis.execute("EVAL", script, "1", key, capacity, rate))
                .ifNoItem().after(config.redisTimeout()).fail()
                .map(response -> decision(response, limit))
                .invoke(() -> {
                    if (degraded) {
                        degraded = false;
                        Log.info("Rate limits are shared through Redis again");
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    if (!degraded) {
                        degraded = true;
                        Log.warnf("Rate limits are per replica until Redis answers again: %s", failure.toString());
                    }
                    redisRetryAtMillis = System.currentTimeMillis() + config.redisRetryAfter().toMillis();
                    return local.take(key, limit, System.currentTimeMillis());
                });
    }

    /** Whether limits are currently shared through Redis (false: each replica limits alone). */
    public boolean shared() {
        return !degraded;
    }

    private static Decision decision(Response response, RateLimitConfig.Limit limit) {
        List<Long> values = List.of(response.get(0).toLong(), response.get(1).toLong(), response.get(2).toLong(),
                response.get(3).toLong());
        return new Decision(values.get(0) == 1, limit.capacity(), values.get(1), values.get(2), values.get(3), true);
    }

    private static String load() {
        try (InputStream in = RateLimiter.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT_RESOURCE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
