package ai.sutazai.agent.registry;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What the background checks last found out about an agent: its state, how long the check took,
 * when it ran and why it failed.
 */
public record LiveStatus(State state, Long latencyMs, Instant lastCheckedAt, String lastError) {

    /** Not checked yet. */
    public static final LiveStatus UNKNOWN = new LiveStatus(State.UNKNOWN, null, null, null);

    /** An agent's state as the checks see it. */
    public enum State {
        /** Not checked yet, or failing fewer times than it takes to be called down. */
        UNKNOWN,
        /** Answering its checks. */
        HEALTHY,
        /** Failed its last checks, or has not yet passed enough of them since being down. */
        DEGRADED,
        /** Failed enough checks in a row: chat is refused without a backend call. */
        DOWN;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
