package ai.sutazai.agent.tools;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;

import ai.sutazai.agent.memory.Caller;
import ai.sutazai.commons.security.ServiceTokens;

/**
 * mcp-bridge-service for agent-service, every call guarded like {@code MemoryClient}: a named
 * circuit breaker and a timeout each, a retry for the tool list only (a tool call is not
 * idempotent), and 4xx answers turned into {@link McpCallRefusedException} inside the guard, so
 * they never open a breaker. Tool calls act for the caller, with their token.
 */
@ApplicationScoped
public class McpBridgeClient {

    /** The breaker of tool listings. */
    public static final String TOOLS = "mcp-bridge.tools";
    /** The breaker of tool calls. */
    public static final String CALL = "mcp-bridge.call";

    private static final int PAGE = 500;
    // A bridge that keeps answering cursors is broken; 20 pages are 10,000 tools.
    private static final int MAX_PAGES = 20;
    private static final Predicate<Throwable> CLIENT_ERROR = failure -> status(failure) / 100 == 4;

    private final McpBridgeRestClient bridge;
    private final ServiceTokens serviceTokens;

    public McpBridgeClient(@RestClient McpBridgeRestClient bridge, ServiceTokens serviceTokens) {
        this.bridge = bridge;
        this.serviceTokens = serviceTokens;
    }

    /** Every tool of the bridge's serving servers, read with a service token (the list is shared by all callers). */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = McpCallRefusedException.class)
    @CircuitBreakerName(TOOLS)
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50, abortOn = McpCallRefusedException.class)
    public Uni<List<BridgeTool>> tools() {
        String authorization = "Bearer " + serviceTokens.current();
        return page(authorization, null, new ArrayList<>(), 0)
                .onFailure(CLIENT_ERROR).transform(McpBridgeClient::refused);
    }

    private Uni<List<BridgeTool>> page(String authorization, String cursor, List<BridgeTool> gathered, int pages) {
        return bridge.tools(authorization, PAGE, cursor).flatMap(page -> {
            gathered.addAll(page.items());
            if (page.nextCursor() == null || pages + 1 >= MAX_PAGES) {
                return Uni.createFrom().item(List.copyOf(gathered));
            }
            return page(authorization, page.nextCursor(), gathered, pages + 1);
        });
    }

    /**
     * Calls {@code tool} of {@code server} for {@code caller}, naming {@code agentId} for the audit.
     * The bound here is the longest any call may take; the tool loop sets each call's own.
     */
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = McpCallRefusedException.class)
    @CircuitBreakerName(CALL)
    @Timeout(value = 5, unit = ChronoUnit.MINUTES)
    public Uni<McpBridgeRestClient.CallAnswer> call(Caller caller, String agentId, String server, String tool,
            Map<String, Object> arguments) {
        return bridge.call(caller.authorization(), agentId, server, tool, arguments)
                .onFailure(CLIENT_ERROR).transform(McpBridgeClient::refused);
    }

    private static McpCallRefusedException refused(Throwable failure) {
        String detail = null;
        if (failure instanceof WebApplicationException web && web.getResponse() != null) {
            try {
                detail = web.getResponse().readEntity(String.class);
            } catch (RuntimeException e) {
                detail = failure.getMessage();
            }
        }
        return new McpCallRefusedException(status(failure), detail);
    }

    private static int status(Throwable failure) {
        return failure instanceof WebApplicationException web && web.getResponse() != null
                ? web.getResponse().getStatus() : -1;
    }
}
