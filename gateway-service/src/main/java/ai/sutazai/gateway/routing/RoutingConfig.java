package ai.sutazai.gateway.routing;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the gateway forwards to the other services: timeouts, retries, breakers and in-flight caps, per upstream. */
@ConfigMapping(prefix = "gateway.routing")
public interface RoutingConfig {

    /** How long opening a connection to an instance may take. */
    @WithDefault("2s")
    Duration connectTimeout();

    /**
     * How long an upstream may take to start its answer (status and headers). Generous: a
     * non-streaming chat answers only when the model has finished.
     */
    @WithDefault("120s")
    Duration responseTimeout();

    /** How long a started exchange (e.g. a server-sent event stream) may stay silent in both directions. */
    @WithDefault("10m")
    Duration idleTimeout();

    /** Further attempts, on another instance, for body-less GET/HEAD/OPTIONS that failed before any answer. */
    @WithDefault("1")
    int retries();

    /** Requests one upstream may have in flight; beyond that the gateway answers 503 at once. */
    @WithDefault("512")
    int maxInFlight();

    /** The circuit breaker of each upstream. */
    Breaker breaker();

    /** A circuit breaker: it opens when the failure ratio over the last requests is reached. */
    interface Breaker {
        /** The number of recent requests the failure ratio is measured over. */
        @WithDefault("20")
        int requestVolume();

        /** The failure ratio (0–1) that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker refuses requests before it lets trial requests through. */
        @WithDefault("10s")
        Duration delay();

        /** Successful trial requests that close it again. */
        @WithDefault("2")
        int successThreshold();
    }
}
