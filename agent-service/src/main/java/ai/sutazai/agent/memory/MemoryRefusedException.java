package ai.sutazai.agent.memory;

/**
 * memory-service answered a call with a 4xx: the request was wrong (or no longer allowed), not the
 * service unhealthy, so it never opens a breaker and is never retried.
 */
public class MemoryRefusedException extends RuntimeException {

    private final int status;

    MemoryRefusedException(int status, String message) {
        super("memory-service refused the call with " + status + ": " + message);
        this.status = status;
    }

    /** The status memory-service answered with. */
    public int status() {
        return status;
    }
}
