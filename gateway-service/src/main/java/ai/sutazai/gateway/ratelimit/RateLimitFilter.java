package ai.sutazai.gateway.ratelimit;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.commons.problem.ProblemWriter;
import ai.sutazai.gateway.edge.ClientAddresses;

/**
 * Limits every public request (the API, {@code /mcp}, {@code /status}) by token bucket: per user,
 * or per client address when anonymous, with a stricter bucket of its own for /api/v1/auth/*.
 * Answers carry {@code RateLimit-Limit/Remaining/Reset}; a refused request gets 429 with
 * {@code Retry-After}.
 */
@Singleton
public class RateLimitFilter {

    static final String KEY_PREFIX = "gw:rl:";

    private final RateLimiter limiter;
    private final RateLimitConfig config;
    private final ClientAddresses addresses;
    private final ProblemWriter problems;
    private final MeterRegistry metrics;

    public RateLimitFilter(RateLimiter limiter, RateLimitConfig config, ClientAddresses addresses, ProblemWriter problems,
            MeterRegistry metrics) {
        this.limiter = limiter;
        this.config = config;
        this.addresses = addresses;
        this.problems = problems;
        this.metrics = metrics;
        // Both buckets' counters exist from the start, so dashboards and alerts see 0 rather than no series.
        metrics.counter("gateway_rate_limit_rejections_total", "bucket", "auth");
        metrics.counter("gateway_rate_limit_rejections_total", "bucket", "api");
    }

    void install(@Observes Router router) {
        if (config.enabled()) {
            // After authentication (the bucket is the user's), before forwarding and REST.
            router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT - 10).handler(this::limit);
        }
    }

    private void limit(RoutingContext context) {
        String path = context.request().path();
        if (!(path.startsWith("/api/") || path.equals("/mcp") || path.startsWith("/mcp/") || path.startsWith("/status"))) {
            context.next();
            return;
        }
        boolean auth = path.startsWith("/api/v1/auth/");
        RateLimitConfig.Limit limit = auth ? config.auth() : config.api();
        String key = KEY_PREFIX + (auth ? "auth:" : "api:") + caller(context);
        limiter.take(key, limit).subscribe().with(decision -> {
            context.response().putHeader("RateLimit-Limit", String.valueOf(decision.limit()))
                    .putHeader("RateLimit-Remaining", String.valueOf(decision.remaining()))
                    .putHeader("RateLimit-Reset", String.valueOf(seconds(decision.millisUntilFull())));
            if (decision.allowed()) {
                context.next();
                return;
            }
            metrics.counter("gateway_rate_limit_rejections_total", "bucket", auth ? "auth" : "api").increment();
            problems.write(context, new ProblemException(ProblemType.TOO_MANY_REQUESTS,
                    "Too many requests; retry in " + seconds(decision.millisUntilToken()) + " s.", List.of(),
                    Map.of("Retry-After", String.valueOf(seconds(decision.millisUntilToken())))));
        }, context::fail);
    }

    private String caller(RoutingContext context) {
        if (context.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()
                && user.getSecurityIdentity().getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            return "user:" + token.getSubject();
        }
        return "ip:" + addresses.of(context.request());
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
