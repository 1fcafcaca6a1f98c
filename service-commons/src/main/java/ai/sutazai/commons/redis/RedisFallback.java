package ai.sutazai.commons.redis;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * How a service uses Redis as the soft dependency it is: every call is bounded in time, a failure
 * answers with the caller's fallback, and after one Redis is left alone for a moment (so an
 * outage costs no timeout per request). The switch to and from the fallback is logged once each way.
 */
public final class RedisFallback {

    private final String what;
    private final Duration timeout;
    private final Duration rest;
    private volatile long restUntilMillis;
    private volatile boolean down;

    /** {@code what} names what degrades, for the log, e.g. "Rate limits are shared through Redis". */
    public RedisFallback(String what, Duration timeout, Duration rest) {
        this.what = what;
        this.timeout = timeout;
        this.rest = rest;
    }

    /** The call's result, or {@code fallback}'s when Redis is resting, slow or failing. */
    public <T> Uni<T> call(Supplier<Uni<T>> call, Function<Throwable, T> fallback) {
        if (System.currentTimeMillis() < restUntilMillis) {
            return Uni.createFrom().item(() -> fallback.apply(null));
        }
        return bounded(call.get())
                .invoke(() -> {
                    if (down) {
                        down = false;
                        Log.infof("%s again", what);
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    if (!down) {
                        down = true;
                        Log.warnf("%s no longer, until Redis answers again: %s", what, failure.toString());
                    }
                    restUntilMillis = System.currentTimeMillis() + rest.toMillis();
                    return fallback.apply(failure);
                });
    }

    // On an event loop, the deadline is kept by the loop that reads Redis's answer: a loop busy for a
    // moment (a cold start, a burst) delays both alike, instead of being taken for Redis being slow.
    private <T> Uni<T> bounded(Uni<T> call) {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            return call.ifNoItem().after(timeout).fail();
        }
        Vertx vertx = context.owner();
        return Uni.createFrom().emitter(emitter -> {
            long timer = vertx.setTimer(timeout.toMillis(),
                    fired -> emitter.fail(new TimeoutException()));
            call.subscribe().with(item -> {
                vertx.cancelTimer(timer);
                emitter.complete(item);
            }, failure -> {
                vertx.cancelTimer(timer);
                emitter.fail(failure);
            });
        });
    }

    /** Whether Redis answered the last time it was asked. */
    public boolean available() {
        return !down;
    }
}
