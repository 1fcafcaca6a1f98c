package ai.sutazai.gateway.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Always ready; says whether limits are shared by all replicas (Redis) or, degraded, held per replica. */
@Readiness
@ApplicationScoped
public class RateLimitReadinessCheck implements HealthCheck {

    private final RateLimiter limiter;

    public RateLimitReadinessCheck(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("rate-limits").up()
                .withData("mode", limiter.shared() ? "shared" : "per-replica").build();
    }
}
