package ai.sutazai.gateway.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

import ai.sutazai.commons.redis.RedisFallback;
import ai.sutazai.commons.redis.RedisScript;

/**
 * Takes tokens from buckets in Redis with one atomic script per request, so all gateway replicas
 * share each limit. When Redis does not answer in time, this replica's own buckets decide
 * (and Redis is asked again a little later): degraded, never unlimited.
 */
@ApplicationScoped
public class RateLimiter {

    private static final RedisScript TOKEN_BUCKET = RedisScript.load("/ratelimit/token-bucket.lua");

    private final ReactiveRedisDataSource redis;
    private final RedisFallback fallback;
    private final LocalBuckets local = new LocalBuckets();

    public RateLimiter(ReactiveRedisDataSource redis, RateLimitConfig config) {
        this.redis = redis;
        this.fallback = new RedisFallback("Rate limits are shared through Redis", config.redisTimeout(),
                config.redisRetryAfter());
    }

    // Opens the connection and loads the script before the first request needs them.
    void warmUp(@Observes StartupEvent event) {
        TOKEN_BUCKET.preload(redis).subscribe().with(loaded -> { },
                failure -> Log.debugf("Redis is not there yet for rate limits: %s", failure.getMessage()));
    }

    /** Takes one token from the bucket {@code key} of size {@code limit}. */
    public Uni<Decision> take(String key, RateLimitConfig.Limit limit) {
        return fallback.call(
                () -> TOKEN_BUCKET.run(redis, key, String.valueOf(limit.capacity()), String.valueOf(limit.refillPerSecond()))
                        .map(response -> decision(response, limit)),
                failure -> local.take(key, limit, System.currentTimeMillis()));
    }

    /** Whether limits are currently shared through Redis (false: each replica limits alone). */
    public boolean shared() {
        return fallback.available();
    }

    private static Decision decision(Response response, RateLimitConfig.Limit limit) {
        return new Decision(response.get(0).toLong() == 1, limit.capacity(), response.get(1).toLong(),
                response.get(2).toLong(), response.get(3).toLong(), true);
    }
}
