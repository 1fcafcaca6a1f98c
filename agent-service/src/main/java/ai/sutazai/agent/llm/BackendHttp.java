package ai.sutazai.agent.llm;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.netty.channel.ConnectTimeoutException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.commons.problem.ProblemType;

/**
 * HTTP to model backends and remote agents, on the Vert.x client: answers are passed on payload by
 * payload as they arrive, each phase of a call has its own bound (connect, first token, silence
 * between chunks, whole answer), and a cancelled stream resets its connection at once, which tells
 * Ollama to stop generating.
 */
@ApplicationScoped
public class BackendHttp {

    // A line or event longer than this is not an answer we can use.
    private static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final Vertx vertx;
    private final AgentConfig.Llm config;
    private final HttpClient client;

    public BackendHttp(Vertx vertx, AgentConfig config) {
        this.vertx = vertx;
        this.config = config.llm();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) this.config.connectTimeout().toMillis())
                .setKeepAlive(true)
                // Compressed streams would be held back by any compressing proxy in between: tokens go as they come.
                .setDecompressionSupported(false), new PoolOptions().setHttp1MaxSize(256));
    }

    void close(@Observes ShutdownEvent event) {
        client.close();
    }

    /** POSTs {@code body} and streams the answer's payloads, framed as {@code framing} says. */
    Multi<String> stream(Endpoint endpoint, String path, JsonObject body, ChatDialect.Framing framing) {
        return stream(endpoint, path, Map.of(), body, framing);
    }

    /** POSTs {@code body} with extra request {@code headers} and streams the answer's payloads. */
    Multi<String> stream(Endpoint endpoint, String path, Map<String, String> headers, JsonObject body,
            ChatDialect.Framing framing) {
        return Multi.createFrom().emitter(emitter -> new Exchange(emitter, endpoint, framing)
                .start(request(HttpMethod.POST, endpoint, path, headers), body.toBuffer()));
    }

    /** What a GET answered: its status, media type and body, whatever the status. */
    record Reply(int status, String contentType, String body) {
    }

    /**
     * GETs {@code path} with extra request {@code headers}, within {@code timeout} overall, and
     * answers whatever came back; only a failure to get an answer at all fails.
     */
    Uni<Reply> get(Endpoint endpoint, String path, Map<String, String> headers, Duration timeout) {
        return Uni.createFrom().<Reply> emitter(emitter -> {
            AtomicBoolean answered = new AtomicBoolean();
            client.request(request(HttpMethod.GET, endpoint, path, headers))
                    .compose(request -> {
                        // Timed out before the whole answer came: give the connection up.
                        emitter.onTermination(() -> {
                            if (!answered.get()) {
                                request.reset();
                            }
                        });
                        return request.send();
                    })
                    .compose(response -> {
                        Buffer body = Buffer.buffer();
                        response.handler(chunk -> {
                            body.appendBuffer(chunk);
                            // A body this large is no card or model list: stop reading it.
                            if (body.length() > MAX_PAYLOAD_BYTES) {
                                response.request().reset();
                            }
                        });
                        return response.end().map(done -> {
                            answered.set(true);
                            return new Reply(response.statusCode(), response.getHeader("Content-Type"), body.toString());
                        });
                    })
                    .onSuccess(emitter::complete)
                    .onFailure(failure -> emitter.fail(translate(failure, endpoint)));
        })
                .ifNoItem().after(timeout)
                .failWith(() -> LlmFailure.timeout(ProblemType.TOTAL_TIMEOUT, endpoint, timeout));
    }

    /** GETs a JSON object, within {@code timeout} overall. */
    Uni<JsonObject> getJson(Endpoint endpoint, String path, Duration timeout) {
        return get(endpoint, path, Map.of(), timeout).map(reply -> {
            if (reply.status() / 100 != 2) {
                throw LlmFailure.refused(endpoint, reply.status(), Json.errorMessage(excerpt(reply.body())));
            }
            return Json.object(reply.body(), endpoint);
        });
    }

    private RequestOptions request(HttpMethod method, Endpoint endpoint, String path, Map<String, String> headers) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(endpoint.url(path))
                .setConnectTimeout(config.connectTimeout().toMillis())
                .putHeader("Accept", "application/json, application/x-ndjson, text/event-stream");
        if (method == HttpMethod.POST) {
            options.putHeader("Content-Type", "application/json");
        }
        if (endpoint.apiKey() != null) {
            options.putHeader("Authorization", "Bearer " + endpoint.apiKey());
        }
        headers.forEach(options::putHeader);
        return options;
    }

    // One streamed call: its timers, its connection, and its framing of the body into payloads.
    private final class Exchange {
        private final MultiEmitter<? super String> emitter;
        private final Endpoint endpoint;
        private volatile ChatDialect.Framing framing;
        private final AtomicBoolean finished = new AtomicBoolean();
        private final StringBuilder event = new StringBuilder();
        private final Buffer whole = Buffer.buffer();
        private volatile HttpClientRequest request;
        private volatile boolean whollyReceived;
        private volatile long totalTimer = -1;
        private volatile long phaseTimer = -1;

        Exchange(MultiEmitter<? super String> emitter, Endpoint endpoint, ChatDialect.Framing framing) {
            this.emitter = emitter;
            this.endpoint = endpoint;
            this.framing = framing;
        }

        void start(RequestOptions options, Buffer body) {
            emitter.onTermination(this::release);
            Duration total = config.totalTimeout();
            totalTimer = vertx.setTimer(total.toMillis(), id -> fail(LlmFailure.timeout(ProblemType.TOTAL_TIMEOUT,
                    endpoint, total)));
            armPhase(ProblemType.FIRST_TOKEN_TIMEOUT, config.firstTokenTimeout());
            client.request(options).onSuccess(created -> {
                request = created;
                if (finished.get()) {
                    created.reset();
                    return;
                }
                created.send(body).onSuccess(this::receive).onFailure(this::fail);
            }).onFailure(this::fail);
        }

        private void receive(HttpClientResponse response) {
            if (response.statusCode() / 100 != 2) {
                response.body().onSuccess(buffer -> fail(LlmFailure.refused(endpoint, response.statusCode(),
                        Json.errorMessage(excerpt(buffer))))).onFailure(this::fail);
                return;
            }
            if (framing == ChatDialect.Framing.SSE_OR_WHOLE) {
                // An A2A server refuses a stream before it starts with one JSON-RPC error, sent as JSON.
                String type = response.getHeader("Content-Type");
                framing = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")
                        ? ChatDialect.Framing.WHOLE : ChatDialect.Framing.SSE;
            }
            RecordParser lines = framing == ChatDialect.Framing.WHOLE ? null
                    : RecordParser.newDelimited("\n", this::line).maxRecordSize(MAX_PAYLOAD_BYTES);
            if (lines != null) {
                // Without it, an over-long line is only logged and the answer waits for its total timeout.
                lines.exceptionHandler(failure -> fail(LlmFailure.broken(endpoint,
                        "sent a line longer than " + MAX_PAYLOAD_BYTES + " bytes.")));
            }
            response.handler(chunk -> {
                if (finished.get()) {
                    return;
                }
                if (lines != null) {
                    lines.handle(chunk);
                    return;
                }
                // A whole answer arrives at once: its bytes are what tells the backend is working.
                armPhase(ProblemType.IDLE_TIMEOUT, config.idleTimeout());
                whole.appendBuffer(chunk);
                if (whole.length() > MAX_PAYLOAD_BYTES) {
                    fail(LlmFailure.broken(endpoint, "sent an answer larger than " + MAX_PAYLOAD_BYTES + " bytes."));
                }
            });
            response.exceptionHandler(this::fail);
            response.endHandler(ended -> {
                whollyReceived = true;
                if (lines != null) {
                    // A last line without its newline is a line too.
                    lines.handle(Buffer.buffer("\n"));
                } else if (whole.length() > 0) {
                    emit(whole.toString());
                }
                flushEvent();
                if (finished.compareAndSet(false, true)) {
                    emitter.complete();
                }
            });
        }

        private void line(Buffer record) {
            String line = record.toString();
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (framing == ChatDialect.Framing.NDJSON) {
                if (!line.isBlank()) {
                    emit(line);
                }
                return;
            }
            // Server-sent events: data lines of one event are joined; a blank line ends the event.
            if (line.isEmpty()) {
                flushEvent();
            } else if (line.startsWith("data:")) {
                if (event.length() > 0) {
                    event.append('\n');
                }
                event.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            }
        }

        private void flushEvent() {
            if (event.length() > 0) {
                String data = event.toString();
                event.setLength(0);
                emit(data);
            }
        }

        // Payloads, not bytes, end the first-token phase and measure silence: keep-alive comments do not count.
        private void emit(String payload) {
            if (!finished.get()) {
                armPhase(ProblemType.IDLE_TIMEOUT, config.idleTimeout());
                emitter.emit(payload);
            }
        }

        private synchronized void armPhase(ProblemType phase, Duration limit) {
            if (finished.get()) {
                return;
            }
            if (phaseTimer >= 0) {
                vertx.cancelTimer(phaseTimer);
            }
            phaseTimer = vertx.setTimer(limit.toMillis(), id -> fail(LlmFailure.timeout(phase, endpoint, limit)));
        }

        private void fail(Throwable failure) {
            if (finished.compareAndSet(false, true)) {
                emitter.fail(translate(failure, endpoint));
            }
        }

        // On every end: completed, failed, or cancelled by the subscriber (the client went away).
        private void release() {
            synchronized (this) {
                finished.set(true);
                vertx.cancelTimer(totalTimer);
                vertx.cancelTimer(phaseTimer);
            }
            HttpClientRequest sent = request;
            if (sent != null && !whollyReceived) {
                sent.reset();
            }
        }
    }

    private Throwable translate(Throwable failure, Endpoint endpoint) {
        Duration connectTimeout = config.connectTimeout();
        if (failure instanceof LlmFailure) {
            return failure;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // The only bound the Vert.x client itself enforces is the connect timeout, reported either way.
            if (cause instanceof ConnectTimeoutException || cause instanceof TimeoutException) {
                return LlmFailure.timeout(ProblemType.CONNECT_TIMEOUT, endpoint, connectTimeout);
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return LlmFailure.unreachable(endpoint, cause);
            }
        }
        return LlmFailure.broken(endpoint, "broke off the answer: " + LlmFailure.quote(endpoint,
                String.valueOf(failure.getMessage())));
    }

    private static String excerpt(Buffer body) {
        String text = body.length() > MAX_ERROR_BODY_BYTES ? body.getString(0, MAX_ERROR_BODY_BYTES) : body.toString();
        return text.strip();
    }

    private static String excerpt(String body) {
        return (body.length() > MAX_ERROR_BODY_BYTES ? body.substring(0, MAX_ERROR_BODY_BYTES) : body).strip();
    }
}
