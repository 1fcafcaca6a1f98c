package ai.sutazai.health.heartbeat;

/** The optional JSON body of a heartbeat: {@code status} up (the default) or down, and a message saying why. */
public record HeartbeatRequest(String status, String message) {

    static final int MAX_MESSAGE = 1000;
}
