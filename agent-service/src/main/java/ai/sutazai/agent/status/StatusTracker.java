package ai.sutazai.agent.status;

import java.time.Instant;

import ai.sutazai.agent.registry.LiveStatus;
import ai.sutazai.agent.registry.LiveStatus.State;

/**
 * One agent's state machine: {@code unknown → healthy → degraded → down} and back. A failure makes
 * a healthy agent degraded, {@code failureThreshold} failures in a row make it down, and only
 * {@code recoveryThreshold} passes in a row make a degraded or down agent healthy again, so a
 * target that flaps settles in degraded instead of toggling.
 */
final class StatusTracker {

    private final int failureThreshold;
    private final int recoveryThreshold;
    private LiveStatus status = LiveStatus.UNKNOWN;
    private int failures;
    private int passes;

    StatusTracker(int failureThreshold, int recoveryThreshold) {
        this.failureThreshold = failureThreshold;
        this.recoveryThreshold = recoveryThreshold;
    }

    /** Records a passed check; answers the new status. */
    synchronized LiveStatus passed(long latencyMs, Instant at) {
        failures = 0;
        passes++;
        State state = switch (status.state()) {
            case UNKNOWN, HEALTHY -> State.HEALTHY;
            case DEGRADED, DOWN -> passes >= recoveryThreshold ? State.HEALTHY : State.DEGRADED;
        };
        status = new LiveStatus(state, latencyMs, at, null);
        return status;
    }

    /** Records a failed check and why; answers the new status. */
    synchronized LiveStatus failed(long latencyMs, Instant at, String error) {
        passes = 0;
        failures++;
        State state;
        if (failures >= failureThreshold) {
            state = State.DOWN;
        } else {
            state = status.state() == State.HEALTHY ? State.DEGRADED : status.state();
        }
        status = new LiveStatus(state, latencyMs, at, error);
        return status;
    }

    /** The current status. */
    synchronized LiveStatus status() {
        return status;
    }
}
