package ai.sutazai.commons.problem;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a body whose announced length exceeds {@code quarkus.http.limits.max-body-size} with a
 * problem+json 413. Quarkus makes the same check with an empty answer; this one runs just before it.
 */
@ApplicationScoped
public class ContentLengthLimitFilter {

    // After the request id (1000), before Quarkus' own limit check and authentication.
    static final int PRIORITY = 900;

    private final Optional<MemorySize> maxBodySize;
    private final ProblemWriter writer;

    public ContentLengthLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
            ProblemWriter writer) {
        this.maxBodySize = maxBodySize;
        this.writer = writer;
    }

    void register(@Observes Filters filters) {
        maxBodySize.ifPresent(limit -> filters.register(context -> refuseIfTooLarge(context, limit.asLongValue()), PRIORITY));
    }

    private void refuseIfTooLarge(RoutingContext context, long limit) {
        String announced = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (announced != null && exceeds(announced, limit)) {
            // The unread body would otherwise be taken as the next request on this connection.
            context.response().putHeader(HttpHeaders.CONNECTION, "close")
                    .endHandler(ended -> context.request().connection().close());
            writer.write(context, ProblemType.CONTENT_TOO_LARGE);
            return;
        }
        context.next();
    }

    private static boolean exceeds(String announced, long limit) {
        try {
            return Long.parseLong(announced.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
