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
 * requests in flight, the requests its open breaker turned away, and the answers abandoned because
 * the client left. The label is {@code upstream}: Prometheus sets {@code service} to the scraped service.
 */
@Singleton
class UpstreamMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> abandoned = new ConcurrentHashMap<>();
    private final Map<String, Counter> shortCircuited = new ConcurrentHashMap<>();

    UpstreamMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the upstream's meters, so each series exists from start-up on. */
    void register(Upstream upstream) {
        String service = upstream.service();
        for (CircuitBreakerState state : CircuitBreakerState.values()) {
            Gauge.builder("gateway_upstream_breaker_state", () -> isIn(service, state) ? 1 : 0)
                    .description("1 for the current state of the upstream's circuit breaker, 0 for the others")
                    .tag("upstream", service).tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder("gateway_upstream_in_flight", upstream, Upstream::inFlight)
                .description("Requests being forwarded to the upstream now, streams included")
                .tag("upstream", service).register(registry);
        shortCircuited.put(service, Counter.builder("gateway_upstream_short_circuited_total")
                .description("Requests answered 503 at once because the upstream's circuit breaker was open")
                .tag("upstream", service).register(registry));
        abandoned.put(service, Counter.builder("gateway_responses_abandoned_total")
                .description("Answers cut off because the client went away before they were complete")
                .tag("upstream", service).register(registry));
    }

    void abandoned(String service) {
        abandoned.get(service).increment();
    }

    void shortCircuited(String service) {
        shortCircuited.get(service).increment();
    }

    private static boolean isIn(String service, CircuitBreakerState state) {
        return CircuitBreakerMaintenance.get().currentState(Upstream.breakerName(service)) == state;
    }
}
