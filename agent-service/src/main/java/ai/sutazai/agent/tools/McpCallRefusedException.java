package ai.sutazai.agent.tools;

/**
 * The bridge answered a tool call with a 4xx (arguments its server refused, an unknown tool, the
 * caller not allowed): the call was wrong, not the bridge unhealthy, so it never opens a breaker.
 */
public class McpCallRefusedException extends RuntimeException {

    private final int status;

    McpCallRefusedException(int status, String detail) {
        super("the MCP bridge refused the call with " + status + (detail == null ? "" : ": " + detail));
        this.status = status;
    }

    /** The status the bridge answered with. */
    public int status() {
        return status;
    }
}
