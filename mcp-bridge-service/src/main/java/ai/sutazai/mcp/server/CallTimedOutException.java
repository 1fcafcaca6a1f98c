package ai.sutazai.mcp.server;

import java.time.Duration;

/** A call to a server took longer than its timeout; the server has been told to cancel it. */
public class CallTimedOutException extends RuntimeException {

    public CallTimedOutException(String what, Duration timeout) {
        super(what + " took longer than " + timeout.toMillis() + " ms; the server was told to cancel it");
    }
}
