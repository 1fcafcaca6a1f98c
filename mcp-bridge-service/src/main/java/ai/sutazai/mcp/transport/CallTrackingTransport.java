package ai.sutazai.mcp.transport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpTransportSessionNotFoundException;
import reactor.core.publisher.Mono;

/**
 * Sits between the SDK client and a transport for what the SDK's API does not offer:
 * <ul>
 * <li>{@code notifications/cancelled} for a call that timed out: outgoing {@code tools/call} requests are
 * tracked by their {@code progressToken}, which the bridge sets, to learn the JSON-RPC id to cancel;</li>
 * <li>{@code notifications/*&#47;list_changed} go to the bridge's own catalogue refresh, which pages with a
 * guard; the SDK's own re-listing follows cursors without limit;</li>
 * <li>noticing that a Streamable HTTP server lost our session, so a call failed by it can be sent again.</li>
 * </ul>
 */
public final class CallTrackingTransport implements McpClientTransport {

    private static final List<String> LIST_CHANGED = List.of(McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED,
            McpSchema.METHOD_NOTIFICATION_RESOURCES_LIST_CHANGED, McpSchema.METHOD_NOTIFICATION_PROMPTS_LIST_CHANGED);

    private final McpClientTransport delegate;
    private final Consumer<String> listChanged;
    private final Map<Object, Object> requestIdsByToken = new ConcurrentHashMap<>();
    private final AtomicLong sessionsLost = new AtomicLong();

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
        if (message instanceof JSONRPCRequest request
                && request.params() instanceof McpSchema.CallToolRequest call
                && call.meta() != null && call.meta().get("progressToken") != null) {
            requestIdsByToken.put(call.meta().get("progressToken"), request.id());
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

    /** Forgets a finished call. */
    public void finished(Object progressToken) {
        requestIdsByToken.remove(progressToken);
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        delegate.setExceptionHandler(failure -> {
            if (failure instanceof McpTransportSessionNotFoundException) {
                sessionsLost.incrementAndGet();
            }
            handler.accept(failure);
        });
    }

    /** How often the server has forgotten our session; a change during a call means it was never run. */
    public long sessionsLost() {
        return sessionsLost.get();
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
