package ai.sutazai.gateway.routing;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * What dashboards and alerts need of each upstream, read when scraped rather than counted per call
 * (the proxy's guards run without Fault Tolerance's per-call metrics): its breaker's state, its
 * requests in flight, and the answers abandoned because the client left.
 */
@Singleton
class UpstreamMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> abandoned = new ConcurrentHashMap<>();

    UpstreamMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the upstream's meters, so each series exists from start-up on. */
    void register(Upstream upstream) {
        String service = upstream.service();
        for (CircuitBreakerState state : CircuitBreakerState.values()) {
            Gauge.builder("gateway_upstream_breaker_state", () -> isIn(service, state) ? 1 : 0)
                    .description("1 for the current state of the upstream's circuit breaker, 0 for the others")
                    .tag("service", service).tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder("gateway_upstream_in_flight", upstream, Upstream::inFlight)
                .description("Requests being forwarded to the upstream now, streams included")
                .tag("service", service).register(registry);
        abandoned.put(service, Counter.builder("gateway_responses_abandoned_total")
                .description("Answers cut off because the client went away before they were complete")
                .tag("service", service).register(registry));
    }

    void abandoned(String service) {
        abandoned.get(service).increment();
    }

    private static boolean isIn(String service, CircuitBreakerState state) {
        return CircuitBreakerMaintenance.get().currentState(Upstream.breakerName(service)) == state;
    }
}
