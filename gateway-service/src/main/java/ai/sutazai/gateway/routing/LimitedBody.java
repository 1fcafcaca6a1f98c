package ai.sutazai.gateway.routing;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;

/**
 * A request body streamed on to an upstream that stops, and calls {@code onExceeded}, once it
 * exceeds the limit. Bodies that
 * announce their length are refused before they are read (ContentLengthLimitFilter); chunked
 * ones can only be counted as they pass.
 */
final class LimitedBody implements ReadStream<Buffer> {

    /** The failure a body over the limit ends with. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long limit) {
            super("the request body exceeds " + limit + " bytes", null, false, false);
        }
    }

    private final HttpServerRequest request;
    private final long limit;
    private final Runnable onExceeded;
    private long received;
    private boolean exceeded;

    LimitedBody(HttpServerRequest request, long limit, Runnable onExceeded) {
        this.request = request;
        this.limit = limit;
        this.onExceeded = onExceeded;
    }

    /** Whether the body was cut off for being too large. */
    boolean exceeded() {
        return exceeded;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            request.handler(null);
            return this;
        }
        request.handler(chunk -> {
            if (exceeded) {
                return;
            }
            received += chunk.length();
            if (received > limit) {
                exceeded = true;
                request.pause();
                onExceeded.run();
                return;
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        request.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        request.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        if (!exceeded) {
            request.resume();
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        if (!exceeded) {
            request.fetch(amount);
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        request.endHandler(endHandler);
        return this;
    }
}
