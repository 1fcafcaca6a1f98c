package ai.sutazai.mcp.transport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import reactor.core.publisher.Mono;

/**
 * Sits between the SDK client and a transport for two things the SDK's API does not offer:
 * <ul>
 * <li>the JSON-RPC id of each call (tool call, resource read, prompt get), found by the
 * {@code progressToken} the bridge sets: to send {@code notifications/cancelled} for one that timed out,
 * and to tell whether a Streamable HTTP server refused it for a lost session, so it never ran;</li>
 * <li>{@code notifications/*&#47;list_changed} go to the bridge's own catalogue refresh, which pages with a
 * guard; the SDK's own re-listing follows cursors without limit.</li>
 * </ul>
 */
public final class CallTrackingTransport implements McpClientTransport {

    private static final List<String> LIST_CHANGED = List.of(McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED,
            McpSchema.METHOD_NOTIFICATION_RESOURCES_LIST_CHANGED, McpSchema.METHOD_NOTIFICATION_PROMPTS_LIST_CHANGED);

    private final McpClientTransport delegate;
    private final Consumer<String> listChanged;
    private final Map<Object, Object> requestIdsByToken = new ConcurrentHashMap<>();

    public CallTrackingTransport(McpClientTransport delegate, Consumer<String> listChanged) {
        this.delegate = delegate;
        this.listChanged = listChanged;
    }

    @Override
    public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        return delegate.connect(inbound -> inbound.flatMap(message -> {
            if (message instanceof JSONRPCNotification notification
                    && LIST_CHANGED.contains(notification.method())) {
                listChanged.accept(notification.method());
                return Mono.empty();
            }
            return handler.apply(Mono.just(message));
        }));
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
        if (message instanceof JSONRPCRequest request && request.params() instanceof McpSchema.Request params
                && params.progressToken() != null) {
            requestIdsByToken.put(params.progressToken(), request.id());
        }
        return delegate.sendMessage(message);
    }

    /** Tells the server to stop the call sent with this progress token; a no-op if it was never sent. */
    public Mono<Void> cancel(Object progressToken, String reason) {
        Object requestId = requestIdsByToken.remove(progressToken);
        if (requestId == null) {
            return Mono.empty();
        }
        return delegate.sendMessage(new JSONRPCNotification(McpSchema.JSONRPC_VERSION,
                "notifications/cancelled", Map.of("requestId", requestId, "reason", reason)));
    }

    /** Whether the call sent with this progress token was refused because the server lost our session. */
    public boolean refusedForLostSession(Object progressToken) {
        return delegate instanceof StreamableHttpTransport http
                && http.wasRefusedForLostSession(requestIdsByToken.get(progressToken));
    }

    /** Forgets a finished call. */
    public void finished(Object progressToken) {
        requestIdsByToken.remove(progressToken);
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        delegate.setExceptionHandler(handler);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return delegate.unmarshalFrom(data, typeRef);
    }
}
