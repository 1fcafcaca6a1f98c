package ai.sutazai.commons.redis;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Redis is a soft dependency: without it the service keeps serving in a degraded way, so this
 * check stays UP and says {@code "redis": "degraded"} instead of taking the service out of rotation.
 */
@Readiness
@ApplicationScoped
public class RedisReadinessCheck implements AsyncHealthCheck {

    static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

    private final ReactiveRedisDataSource redis;

    public RedisReadinessCheck(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.execute("PING")
                .ifNoItem().after(PING_TIMEOUT).failWith(() -> new IllegalStateException(
                        "Redis did not answer within " + PING_TIMEOUT.toMillis() + " ms"))
                .map(pong -> HealthCheckResponse.named("redis").up().withData("redis", "up").build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("redis").up()
                        .withData("redis", "degraded")
                        .withData("error", String.valueOf(failure.getMessage()))
                        .build());
    }
}
