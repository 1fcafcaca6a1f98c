package ai.sutazai.gateway.routing;

import io.quarkus.logging.Log;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Streams one answer to the client with back-pressure. Not Vert.x's {@code pipeTo}: when the
 * client goes away mid-answer, that pipe still asks the ended response {@code writeQueueFull()},
 * which throws into Vert.x's uncaught-exception log. Here a vanished client stops the relay,
 * gives up the upstream connection and is counted. Runs on the request's event loop only.
 */
final class Relay {

    private final RoutingContext context;
    private final Upstream upstream;
    private final HttpClientResponse from;
    private final HttpServerResponse to;
    private final UpstreamMetrics metrics;
    private boolean settled;

    Relay(RoutingContext context, Upstream upstream, HttpClientResponse from, UpstreamMetrics metrics) {
        this.context = context;
        this.upstream = upstream;
        this.from = from;
        this.to = context.response();
        this.metrics = metrics;
    }

    void start() {
        from.exceptionHandler(this::brokeOff);
        if (to.closed()) {
            clientGone();
            return;
        }
        to.closeHandler(closed -> clientGone());
        from.handler(chunk -> {
            if (settled) {
                return;
            }
            to.write(chunk);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(drained -> from.resume());
            }
        });
        from.endHandler(ended -> {
            if (settle()) {
                to.end();
            }
        });
        from.resume();
    }

    private void clientGone() {
        if (settle()) {
            metrics.abandoned(upstream.service());
            Log.debugf("The client of %s %s left before %s had answered", context.request().method(),
                    context.request().uri(), upstream.service());
            from.request().reset();
        }
    }

    // Broken mid-answer: the client must see a cut, never a truncated answer passed off as whole.
    private void brokeOff(Throwable failure) {
        if (settle()) {
            Log.debugf("Relaying %s %s from %s broke off: %s", context.request().method(), context.request().uri(),
                    upstream.service(), failure.getMessage());
            from.request().reset();
            to.reset();
        }
    }

    private boolean settle() {
        if (settled) {
            return false;
        }
        settled = true;
        upstream.release();
        return true;
    }
}
