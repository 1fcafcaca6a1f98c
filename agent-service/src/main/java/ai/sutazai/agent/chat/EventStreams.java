package ai.sutazai.agent.chat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.Problems;

/** What the chat and OpenAI-compatible event streams share: headers, keep-alive comments, failures as problems. */
public final class EventStreams {

    /** The headers of an event stream; no-cache and X-Accel-Buffering keep proxies (Kong, nginx) from holding events. */
    public static final Map<String, List<String>> HEADERS = Map.of("Content-Type", List.of("text/event-stream"),
            "Cache-Control", List.of("no-cache"), "X-Accel-Buffering", List.of("no"));
    /** Sent while nothing else is, so proxies with read timeouts (Kong: 60 s) keep a cold model load open. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final Buffer COMMENT = Buffer.buffer(": keep-alive\n\n");

    private EventStreams() {
    }

    /** {@code events} with a comment line every 15 s until they end; SSE clients (and OpenAI SDKs) skip comments. */
    public static Multi<Buffer> keptAlive(Multi<Buffer> events, Vertx vertx) {
        return Multi.createFrom().emitter(emitter -> {
            long timer = vertx.setPeriodic(KEEP_ALIVE.toMillis(), id -> emitter.emit(COMMENT));
            AtomicReference<Cancellable> upstream = new AtomicReference<>();
            emitter.onTermination(() -> {
                vertx.cancelTimer(timer);
                Cancellable subscription = upstream.get();
                if (subscription != null) {
                    subscription.cancel();
                }
            });
            upstream.set(events.subscribe().with(emitter::emit, emitter::fail, emitter::complete));
        });
    }

    /** A turn's failure as the problem object an {@code error} event carries. */
    public static Problem problem(Throwable failure, HttpServerRequest request) {
        ProblemException problem = ChatService.asProblem(failure);
        return Problems.of(problem.type(), problem.getMessage(), request, problem.errors());
    }
}
