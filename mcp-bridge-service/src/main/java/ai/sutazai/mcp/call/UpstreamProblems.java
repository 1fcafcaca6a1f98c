package ai.sutazai.mcp.call;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.modelcontextprotocol.spec.McpError;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.mcp.server.CallTimedOutException;
import ai.sutazai.mcp.server.ServerUnavailableException;
import ai.sutazai.mcp.server.UpstreamServer;

/** Turns what can go wrong on the way to an MCP server into the suite's problem answers. */
final class UpstreamProblems {

    private static final int INVALID_PARAMS = -32602;
    private static final int METHOD_NOT_FOUND = -32601;
    private static final int RESOURCE_NOT_FOUND = -32002;

    private UpstreamProblems() {
    }

    static Throwable toProblem(Throwable failure, UpstreamServer server, long breakerDelaySeconds) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof ProblemException) {
            return cause;
        }
        if (cause instanceof CallTimedOutException) {
            return new ProblemException(ProblemType.GATEWAY_TIMEOUT, cause.getMessage());
        }
        if (cause instanceof ServerUnavailableException unavailable) {
            return retryLater(cause.getMessage(), unavailable.retryAfterSeconds());
        }
        if (cause instanceof CircuitBreakerOpenException) {
            return retryLater("Calls to MCP server " + server.name() + " are paused: its circuit breaker is "
                    + CircuitBreakerState.OPEN.name().toLowerCase() + " after repeated failures or timeouts.",
                    breakerDelaySeconds);
        }
        if (cause instanceof BulkheadException) {
            return retryLater("MCP server " + server.name() + " has as many calls in flight and waiting as it"
                    + " allows (maxConcurrentCalls " + server.definition().options().maxConcurrentCalls() + ").", 1);
        }
        Throwable root = McpError.findRootCause(cause);
        McpError error = cause instanceof McpError e ? e : root instanceof McpError e ? e : null;
        if (error != null && error.getJsonRpcError() != null) {
            Integer code = error.getJsonRpcError().code();
            String message = "MCP server " + server.name() + " answered: " + error.getJsonRpcError().message();
            if (code != null && code == INVALID_PARAMS) {
                return new ProblemException(ProblemType.BAD_REQUEST, message);
            }
            if (code != null && (code == METHOD_NOT_FOUND || code == RESOURCE_NOT_FOUND)) {
                return new ProblemException(ProblemType.NOT_FOUND, message);
            }
            return new ProblemException(ProblemType.BAD_GATEWAY, message + " (JSON-RPC error " + code + ")");
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return new ProblemException(ProblemType.BAD_GATEWAY,
                "The call to MCP server " + server.name() + " failed: " + message);
    }

    private static ProblemException retryLater(String message, long seconds) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, message, List.of(),
                Map.of("Retry-After", Long.toString(Math.max(1, seconds))));
    }
}
