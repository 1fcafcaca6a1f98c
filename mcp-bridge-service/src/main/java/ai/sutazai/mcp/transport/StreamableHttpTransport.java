package ai.sutazai.mcp.transport;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpTransportException;
import io.modelcontextprotocol.spec.McpTransportSessionNotFoundException;
import io.modelcontextprotocol.spec.ProtocolVersions;
import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * MCP Streamable HTTP (2025-11-25) on the Vert.x HTTP client. The SDK's own transport (JDK
 * {@code HttpClient} plus Reactor) added about 5 ms to every call measured by
 * {@code deploy/bench/mcp.sh}; this one answers on the event loop with pooled, TCP_NODELAY connections.
 * <ul>
 * <li>each message is one POST; the answer is {@code application/json}, or an event stream whose
 * events are handed on as they arrive;</li>
 * <li>the {@code Mcp-Session-Id} of the {@code initialize} answer and the negotiated
 * {@code MCP-Protocol-Version} go on every later request;</li>
 * <li>a 404 (or a 400 that speaks of the session) while holding one means the server forgot it: it is dropped and
 * {@link McpTransportSessionNotFoundException} goes to the SDK, which initialises a new one;</li>
 * <li>after the handshake a GET stream carries the server's own notifications (a 405 means it has none);</li>
 * <li>closing sends {@code DELETE} for the session.</li>
 * </ul>
 */
public final class StreamableHttpTransport implements McpClientTransport {

    private static final String ACCEPT = "application/json, text/event-stream";
    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final Duration STREAM_RETRY = Duration.ofSeconds(2);

    private final String serverName;
    private final Vertx vertx;
    private final HttpClient client;
    private final URI endpoint;
    private final Map<String, String> headers;
    private final McpJsonMapper jsonMapper;

    private volatile Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler;
    private volatile Consumer<Throwable> exceptionHandler = failure -> { };
    private volatile String sessionId;
    private volatile String protocolVersion;
    private volatile Object initializeRequestId;
    private volatile boolean closed;
    // Ids of requests whose own POST found the session gone: the server never ran them.
    private final Set<Object> refusedForLostSession = ConcurrentHashMap.newKeySet();

    /**
     * @param idleTimeout a connection silent this long is closed: it ends calls nobody waits for any more
     *        (a timed-out call's event stream), and the notification stream then reopens
     */
    public StreamableHttpTransport(String serverName, Vertx vertx, URI endpoint, Map<String, String> headers,
            McpJsonMapper jsonMapper, Duration connectTimeout, Duration idleTimeout, int maxConnections) {
        this.serverName = serverName;
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.headers = Map.copyOf(headers);
        this.jsonMapper = jsonMapper;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setMaxPoolSize(maxConnections)
                .setIdleTimeout((int) Math.max(1, idleTimeout.toSeconds()))
                .setSsl("https".equalsIgnoreCase(endpoint.getScheme()))
                .setTrustAll(false)
                .setVerifyHost(true));
    }

    @Override
    public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> messageHandler) {
        this.handler = messageHandler;
        return Mono.empty();
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        this.exceptionHandler = handler;
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest request
                && McpSchema.METHOD_INITIALIZE.equals(request.method())) {
            initializeRequestId = request.id();
        }
        return Mono.create(sink -> post(message, sink));
    }

    private void post(JSONRPCMessage message, MonoSink<Void> sink) {
        byte[] body;
        try {
            body = jsonMapper.writeValueAsBytes(message);
        } catch (IOException e) {
            sink.error(new McpTransportException("cannot write " + message, e));
            return;
        }
        String sentWithSession = sessionId;
        Object requestId = message instanceof McpSchema.JSONRPCRequest request ? request.id() : null;
        client.request(options(HttpMethod.POST).putHeader("Content-Type", "application/json"))
                .compose(request -> request.send(Buffer.buffer(body)))
                .onFailure(failure -> sink.error(new McpTransportException(
                        "POST to MCP server " + serverName + " failed: " + failure.getMessage(), failure)))
                .onSuccess(response -> answered(response, sentWithSession, requestId, sink));
    }

    /** Whether the request with this id was refused because the server had forgotten the session. */
    public boolean wasRefusedForLostSession(Object requestId) {
        return requestId != null && refusedForLostSession.remove(requestId);
    }

    private void answered(HttpClientResponse response, String sentWithSession, Object requestId,
            MonoSink<Void> sink) {
        int status = response.statusCode();
        if (status == 404 && sentWithSession != null) {
            response.end();
            sessionLost(sentWithSession, requestId, sink);
            return;
        }
        // Servers built on the TypeScript SDK answer an unknown session with 400 "No valid session ID".
        if (status == 400 && sentWithSession != null) {
            response.body().onComplete(read -> {
                String body = read.succeeded() ? read.result().toString(StandardCharsets.UTF_8) : "";
                if (body.toLowerCase(Locale.ROOT).contains("session")) {
                    sessionLost(sentWithSession, requestId, sink);
                } else {
                    sink.error(new McpTransportException("MCP server " + serverName + " answered HTTP 400: "
                            + abbreviate(body)));
                }
            });
            return;
        }
        if (status >= 300) {
            response.body().onComplete(read -> sink.error(new McpTransportException("MCP server " + serverName
                    + " answered HTTP " + status + (read.succeeded() ? ": " + abbreviate(read.result().toString()) : ""))));
            return;
        }
        String session = response.getHeader(SESSION_HEADER);
        if (session != null) {
            sessionId = session;
        }
        String type = response.getHeader("Content-Type");
        if (status == 202 || type == null) {
            response.end();
            sink.success();
            return;
        }
        if (type.startsWith("text/event-stream")) {
            // The POST is done once sent; what the stream brings (the answer, progress) is handed on as it comes.
            sink.success();
            readEvents(response);
            return;
        }
        response.body().onComplete(read -> {
            if (read.failed()) {
                sink.error(new McpTransportException("reading the answer of MCP server " + serverName + " failed",
                        read.cause()));
                return;
            }
            sink.success();
            deliver(read.result().toString(StandardCharsets.UTF_8));
        });
    }

    private void sessionLost(String sentWithSession, Object requestId, MonoSink<Void> sink) {
        if (Objects.equals(sessionId, sentWithSession)) {
            sessionId = null;
        }
        if (requestId != null) {
            if (refusedForLostSession.size() > 1_000) {
                refusedForLostSession.clear(); // ids nobody asked about; keep the set small
            }
            refusedForLostSession.add(requestId);
        }
        McpTransportSessionNotFoundException lost = new McpTransportSessionNotFoundException(
                "MCP server " + serverName + " no longer knows session " + sentWithSession);
        // The SDK drops the session, failing every request in flight, and initialises a new one.
        exceptionHandler.accept(lost);
        sink.error(lost);
    }

    // Server-sent events: "data:" lines up to a blank line make one message; other fields are ignored.
    private void readEvents(HttpClientResponse response) {
        StringBuilder data = new StringBuilder();
        RecordParser lines = RecordParser.newDelimited("\n", line -> {
            String text = line.toString(StandardCharsets.UTF_8);
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.isEmpty()) {
                if (data.length() > 0) {
                    deliver(data.toString());
                    data.setLength(0);
                }
            } else if (text.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(text.startsWith("data: ") ? text.substring(6) : text.substring(5));
            }
        });
        response.handler(lines);
        response.exceptionHandler(failure -> Log.debugf("event stream of MCP server %s broke: %s", serverName,
                failure.getMessage()));
    }

    private void deliver(String json) {
        JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(jsonMapper, json);
        } catch (IOException | IllegalArgumentException e) {
            Log.warnf("MCP server %s sent something that is not JSON-RPC; skipped: %s", serverName, abbreviate(json));
            return;
        }
        if (message instanceof McpSchema.JSONRPCResponse response && initializeRequestId != null
                && initializeRequestId.equals(response.id()) && response.result() instanceof Map<?, ?> result) {
            Object version = result.get("protocolVersion");
            protocolVersion = version == null ? null : version.toString();
            initializeRequestId = null;
            vertx.runOnContext(ignored -> openNotificationStream(sessionId));
        }
        Mono.just(message).transform(handler).subscribe(null,
                failure -> Log.debugf("MCP server %s: handling a message failed: %s", serverName, failure));
    }

    // The server's own messages (list_changed, logging) come on a GET stream; reopened while the session lives.
    private void openNotificationStream(String forSession) {
        if (closed || !Objects.equals(forSession, sessionId)) {
            return;
        }
        client.request(options(HttpMethod.GET).putHeader("Accept", "text/event-stream"))
                .compose(request -> request.send())
                .onFailure(failure -> retryNotificationStream(forSession))
                .onSuccess(response -> {
                    if (response.statusCode() == 405) {
                        response.end(); // the server offers no such stream
                        return;
                    }
                    if (response.statusCode() != 200) {
                        response.end();
                        retryNotificationStream(forSession);
                        return;
                    }
                    readEvents(response);
                    // Ended or broken (an idle timeout, a restart): open a new one, once per stream.
                    AtomicBoolean reopened = new AtomicBoolean();
                    Runnable reopen = () -> {
                        if (reopened.compareAndSet(false, true)) {
                            retryNotificationStream(forSession);
                        }
                    };
                    response.endHandler(ended -> reopen.run());
                    response.exceptionHandler(failure -> reopen.run());
                });
    }

    private void retryNotificationStream(String forSession) {
        if (!closed && Objects.equals(forSession, sessionId)) {
            vertx.setTimer(STREAM_RETRY.toMillis(), timer -> openNotificationStream(forSession));
        }
    }

    private RequestOptions options(HttpMethod method) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(endpoint.toString())
                .putHeader("Accept", ACCEPT);
        headers.forEach(options::putHeader);
        String session = sessionId;
        if (session != null) {
            options.putHeader(SESSION_HEADER, session);
        }
        String version = protocolVersion;
        if (version != null) {
            options.putHeader(VERSION_HEADER, version);
        }
        return options;
    }

    @Override
    public Mono<Void> closeGracefully() {
        closed = true;
        String session = sessionId;
        Mono<Void> delete = session == null ? Mono.empty() : Mono.create(sink -> client
                .request(options(HttpMethod.DELETE))
                .compose(request -> request.send())
                .onComplete(done -> {
                    if (done.succeeded()) {
                        done.result().end();
                    }
                    sink.success();
                }));
        return delete.timeout(Duration.ofSeconds(2), Mono.empty())
                .then(Mono.create(sink -> client.close().onComplete(done -> sink.success())));
    }

    @Override
    public List<String> protocolVersions() {
        // Oldest first: the SDK offers the last one in initialize.
        return List.of(ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18,
                ProtocolVersions.MCP_2025_11_25);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return jsonMapper.convertValue(data, typeRef);
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
