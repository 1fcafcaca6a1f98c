package ai.sutazai.mcp.call;

import java.util.Map;
import java.util.concurrent.CompletionException;

import io.modelcontextprotocol.spec.McpError;
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
            return new UpstreamProblem(CallOutcome.TIMEOUT, ProblemType.GATEWAY_TIMEOUT, cause.getMessage(), Map.of());
        }
        if (cause instanceof ServerUnavailableException unavailable) {
            return retryLater(CallOutcome.UNAVAILABLE, cause.getMessage(), unavailable.retryAfterSeconds());
        }
        if (cause instanceof CircuitBreakerOpenException) {
            return retryLater(CallOutcome.BREAKER_OPEN, "Calls to MCP server " + server.name()
                    + " are paused: its circuit breaker is open after repeated failures or timeouts.",
                    breakerDelaySeconds);
        }
        if (cause instanceof BulkheadException) {
            return retryLater(CallOutcome.OVERLOADED, "MCP server " + server.name() + " has as many calls in"
                    + " flight and waiting as it allows (maxConcurrentCalls "
                    + server.definition().options().maxConcurrentCalls() + ").", 1);
        }
        Throwable root = McpError.findRootCause(cause);
        McpError error = cause instanceof McpError e ? e : root instanceof McpError e ? e : null;
        if (error != null && error.getJsonRpcError() != null) {
            Integer code = error.getJsonRpcError().code();
            String message = "MCP server " + server.name() + " answered: " + error.getJsonRpcError().message();
            if (code != null && code == INVALID_PARAMS) {
                return new UpstreamProblem(CallOutcome.INVALID_ARGUMENTS, ProblemType.BAD_REQUEST, message, Map.of());
            }
            if (code != null && (code == METHOD_NOT_FOUND || code == RESOURCE_NOT_FOUND)) {
                return new UpstreamProblem(CallOutcome.NOT_FOUND, ProblemType.NOT_FOUND, message, Map.of());
            }
            return new UpstreamProblem(CallOutcome.UPSTREAM_ERROR, ProblemType.BAD_GATEWAY,
                    message + " (JSON-RPC error " + code + ")", Map.of());
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return new UpstreamProblem(CallOutcome.UPSTREAM_ERROR, ProblemType.BAD_GATEWAY,
                "The call to MCP server " + server.name() + " failed: " + message, Map.of());
    }

    private static ProblemException retryLater(CallOutcome outcome, String message, long seconds) {
        return new UpstreamProblem(outcome, ProblemType.SERVICE_UNAVAILABLE, message,
                Map.of("Retry-After", Long.toString(Math.max(1, seconds))));
    }
}
