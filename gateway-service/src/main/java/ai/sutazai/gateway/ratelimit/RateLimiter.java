package ai.sutazai.gateway.ratelimit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Response;

import ai.sutazai.commons.redis.RedisFallback;
import ai.sutazai.commons.redis.RedisScript;

/**
 * Takes tokens from buckets in Redis with an atomic script, so all gateway replicas share each
 * limit exactly. A request goes to Redis at once while few round trips are in flight; under load,
 * requests that arrive meanwhile wait for the next round trip and go together, one script call
 * for all their buckets, so the cost per request falls as load rises and no request waits for a
 * Redis connection. When Redis does not answer in time, this replica's own buckets decide (and
 * Redis is asked again a little later): degraded, never unlimited.
 */
@ApplicationScoped
public class RateLimiter {

    private static final RedisScript TOKEN_BUCKET = RedisScript.load("/ratelimit/token-bucket.lua");
    // Below the Redis client's pool of 6 connections, so a round trip never queues for one.
    static final int MAX_CALLS_IN_FLIGHT = 4;
    static final int MAX_BATCH = 256;

    private final ReactiveRedisDataSource redis;
    private final RedisFallback fallback;
    private final LocalBuckets local = new LocalBuckets();
    private final Object lock = new Object();
    private final ArrayDeque<Take> waiting = new ArrayDeque<>();
    private int callsInFlight;

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
        return Uni.createFrom().emitter(emitter -> enqueue(new Take(key, limit, emitter, Vertx.currentContext())));
    }

    /** Whether limits are currently shared through Redis (false: each replica limits alone). */
    public boolean shared() {
        return fallback.available();
    }

    private void enqueue(Take take) {
        List<Take> batch = null;
        synchronized (lock) {
            waiting.add(take);
            if (callsInFlight < MAX_CALLS_IN_FLIGHT) {
                callsInFlight++;
                batch = drain();
            }
        }
        if (batch != null) {
            send(batch);
        }
    }

    // Called with the lock held.
    private List<Take> drain() {
        List<Take> batch = new ArrayList<>(Math.min(waiting.size(), MAX_BATCH));
        while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
            batch.add(waiting.poll());
        }
        return batch;
    }

    private void send(List<Take> batch) {
        Map<String, List<Take>> byBucket = new LinkedHashMap<>();
        for (Take take : batch) {
            byBucket.computeIfAbsent(take.key(), key -> new ArrayList<>(1)).add(take);
        }
        List<String> keys = new ArrayList<>(byBucket.keySet());
        List<String> args = new ArrayList<>(3 * keys.size());
        for (List<Take> takes : byBucket.values()) {
            RateLimitConfig.Limit limit = takes.get(0).limit();
            args.add(String.valueOf(limit.capacity()));
            args.add(String.valueOf(limit.refillPerSecond()));
            args.add(String.valueOf(takes.size()));
        }
        fallback.call(() -> TOKEN_BUCKET.run(redis, keys, args).map(response -> shared(byBucket, response)), failure -> {
            long now = System.currentTimeMillis();
            Map<Take, Decision> decisions = new LinkedHashMap<>();
            batch.forEach(take -> decisions.put(take, local.take(take.key(), take.limit(), now)));
            return decisions;
        }).subscribe().with(decisions -> {
            decisions.forEach(Take::complete);
            next();
        }, failure -> {
            Log.errorf(failure, "Rate limiting a batch of %d requests failed", batch.size());
            batch.forEach(take -> take.emitter().fail(failure));
            next();
        });
    }

    private void next() {
        List<Take> batch;
        synchronized (lock) {
            if (waiting.isEmpty()) {
                callsInFlight--;
                return;
            }
            batch = drain();
        }
        send(batch);
    }

    // The script's answer has four numbers per bucket: granted, left, ms until a token, ms until full.
    // The bucket's requests are served in arrival order: the first `granted` pass.
    private static Map<Take, Decision> shared(Map<String, List<Take>> byBucket, Response response) {
        Map<Take, Decision> decisions = new LinkedHashMap<>();
        int i = 0;
        for (List<Take> takes : byBucket.values()) {
            long granted = response.get(4 * i).toLong();
            long left = response.get(4 * i + 1).toLong();
            long untilToken = response.get(4 * i + 2).toLong();
            long untilFull = response.get(4 * i + 3).toLong();
            int capacity = takes.get(0).limit().capacity();
            for (int j = 0; j < takes.size(); j++) {
                boolean allowed = j < granted;
                decisions.put(takes.get(j), new Decision(allowed, capacity, allowed ? left + granted - j - 1 : left,
                        allowed ? 0 : untilToken, untilFull, true));
            }
            i++;
        }
        return decisions;
    }

    /** One request's wait for its token, answered on the request's own Vert.x context (an identity, not a value). */
    private static final class Take {
        private final String key;
        private final RateLimitConfig.Limit limit;
        private final UniEmitter<? super Decision> emitter;
        private final Context context;

        Take(String key, RateLimitConfig.Limit limit, UniEmitter<? super Decision> emitter, Context context) {
            this.key = key;
            this.limit = limit;
            this.emitter = emitter;
            this.context = context;
        }

        String key() {
            return key;
        }

        RateLimitConfig.Limit limit() {
            return limit;
        }

        UniEmitter<? super Decision> emitter() {
            return emitter;
        }

        void complete(Decision decision) {
            if (context == null || context == Vertx.currentContext()) {
                emitter.complete(decision);
            } else {
                context.runOnContext(ignored -> emitter.complete(decision));
            }
        }
    }
}
