package ai.sutazai.mcp.call;

import java.util.Locale;

import ai.sutazai.commons.problem.ProblemException;

/** How a tool call ended, as audit rows and metrics name it. */
public enum CallOutcome {
    /** The tool ran and answered. */
    OK,
    /** The tool ran and reported its own failure ({@code isError}). */
    TOOL_ERROR,
    /** The arguments did not fit the tool's schema. */
    INVALID_ARGUMENTS,
    /** The tool or server is denied or disabled. */
    DENIED,
    /** No such server or tool. */
    NOT_FOUND,
    /** The server is not serving (starting, backing off, failed). */
    UNAVAILABLE,
    /** The server's breaker is open. */
    BREAKER_OPEN,
    /** The server's concurrency cap and queue are full. */
    OVERLOADED,
    /** The call took longer than the server's call timeout. */
    TIMEOUT,
    /** The server failed or answered with a JSON-RPC error. */
    UPSTREAM_ERROR,
    /** The caller went away before the answer. */
    CANCELLED,
    /** The bridge itself failed. */
    INTERNAL;

    /** The lower-case name used on the wire and in metrics. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome of a call that failed with {@code failure}. */
    public static CallOutcome of(Throwable failure) {
        if (failure instanceof UpstreamProblem upstream) {
            return upstream.outcome();
        }
        if (failure instanceof ProblemException problem) {
            return switch (problem.type()) {
                case VALIDATION, BAD_REQUEST -> INVALID_ARGUMENTS;
                case FORBIDDEN -> DENIED;
                case NOT_FOUND -> NOT_FOUND;
                case SERVICE_UNAVAILABLE -> UNAVAILABLE;
                case GATEWAY_TIMEOUT -> TIMEOUT;
                case BAD_GATEWAY -> UPSTREAM_ERROR;
                default -> INTERNAL;
            };
        }
        return INTERNAL;
    }
}
