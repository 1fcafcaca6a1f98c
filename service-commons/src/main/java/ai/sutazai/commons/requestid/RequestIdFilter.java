package ai.sutazai.commons.requestid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives every request an id before anything else runs (security included), echoes it on the
 * answer, and puts it in the logging context so each log line of the request shows it.
 */
@ApplicationScoped
public class RequestIdFilter {

    // Above CORS (300) and authentication (200): even a rejected request gets its id.
    static final int PRIORITY = 1000;

    void register(@Observes Filters filters) {
        filters.register(RequestIdFilter::assignRequestId, PRIORITY);
    }

    private static void assignRequestId(RoutingContext context) {
        String requestId = RequestIds.accept(context.request().getHeader(RequestIds.HEADER));
        context.response().putHeader(RequestIds.HEADER, requestId);
        // Quarkus keeps the MDC on the request's duplicated Vert.x context, so it follows the request.
        MDC.put(RequestIds.MDC_KEY, requestId);
        context.next();
    }
}
