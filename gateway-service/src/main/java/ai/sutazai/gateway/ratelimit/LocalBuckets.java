package ai.sutazai.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets of this replica alone, used while Redis is unreachable: the limit then holds per
 * replica instead of for all of them, and is never lifted.
 */
final class LocalBuckets {

    // Anonymous clients can mint keys at will; past this many buckets the full ones are dropped.
    private static final int MAX_BUCKETS = 100_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    Decision take(String key, RateLimitConfig.Limit limit, long nowMillis) {
        if (buckets.size() > MAX_BUCKETS) {
            buckets.values().removeIf(bucket -> bucket.isFull(limit, nowMillis));
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(limit.capacity(), nowMillis)).take(limit, nowMillis);
    }

    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        synchronized Decision take(RateLimitConfig.Limit limit, long now) {
            refill(limit, now);
            boolean allowed = tokens >= 1;
            if (allowed) {
                tokens -= 1;
            }
            double rate = limit.refillPerSecond();
            long untilToken = allowed ? 0 : (long) Math.ceil((1 - tokens) * 1000 / rate);
            long untilFull = (long) Math.ceil((limit.capacity() - tokens) * 1000 / rate);
            return new Decision(allowed, limit.capacity(), (long) Math.floor(tokens), untilToken, untilFull, false);
        }

        synchronized boolean isFull(RateLimitConfig.Limit limit, long now) {
            refill(limit, now);
            return tokens >= limit.capacity();
        }

        private void refill(RateLimitConfig.Limit limit, long now) {
            tokens = Math.min(limit.capacity(), tokens + Math.max(0, now - at) * limit.refillPerSecond() / 1000);
            at = now;
        }
    }
}
