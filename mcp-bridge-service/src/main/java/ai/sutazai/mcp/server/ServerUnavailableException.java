package ai.sutazai.mcp.server;

/** The server cannot take calls now; {@code retryAfterSeconds} says when it may. */
public class ServerUnavailableException extends RuntimeException {

    private final long retryAfterSeconds;

    public ServerUnavailableException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds until a retry may succeed. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
