package ai.sutazai.agent.task;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a task is. A2A's names where A2A has the state; {@code dead} is ours: a task whose every
 * attempt failed with a retryable error.
 */
public enum TaskState {
    SUBMITTED, WORKING, COMPLETED, FAILED, CANCELED, DEAD;

    /** Whether the task is finished for good. */
    public boolean terminal() {
        return this != SUBMITTED && this != WORKING;
    }

    /** The state of a stored wire name. */
    public static TaskState of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** The wire (and column) name: {@code submitted}, {@code working}, … */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
