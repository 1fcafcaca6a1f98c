package ai.sutazai.gateway.ratelimit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Request rate limits, shared by every gateway replica through Redis. */
@ConfigMapping(prefix = "gateway.rate-limit")
public interface RateLimitConfig {

    /** Whether requests are limited at all. */
    @WithDefault("true")
    boolean enabled();

    /** Every request, per user (per client address when anonymous). */
    Limit api();

    /** Requests to /api/v1/auth/*, in a bucket of their own: sign-in guessing is slow by design. */
    Limit auth();

    /** How long a Redis round trip may take before this replica decides alone. */
    @WithDefault("100ms")
    Duration redisTimeout();

    /** After Redis failed, how long to decide alone before trying it again. */
    @WithDefault("2s")
    Duration redisRetryAfter();

    /** One token bucket size. */
    interface Limit {
        /** Requests allowed in a burst. */
        int capacity();

        /** Requests allowed per second, sustained. */
        double refillPerSecond();
    }
}
