package ai.sutazai.gateway.routing;

import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientResponse;

/**
 * One service behind the gateway: its circuit breaker (guarding "connect and get the answer's
 * headers") and its cap on requests in flight. The cap counts whole exchanges, streams included,
 * which a fault-tolerance bulkhead around the guarded part could not.
 */
final class Upstream {

    private final String service;
    private final TypedGuard<Uni<HttpClientResponse>> guard;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();

    Upstream(String service, TypedGuard<Uni<HttpClientResponse>> guard, int maxInFlight) {
        this.service = service;
        this.guard = guard;
        this.maxInFlight = maxInFlight;
    }

    /** The circuit breaker's name, as {@code CircuitBreakerMaintenance} knows it. */
    static String breakerName(String service) {
        return "gateway-upstream-" + service;
    }

    String service() {
        return service;
    }

    TypedGuard<Uni<HttpClientResponse>> guard() {
        return guard;
    }

    /** Takes a place among the requests in flight; false when all are taken. */
    boolean tryAcquire() {
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        inFlight.decrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
    }
}
