package ai.sutazai.agent.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A task as the API shows it: its state, every finished attempt with its error, the result, its
 * timings, and (for one task) its children. {@code ownerId} is shown to admins only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskView(UUID id, String agentId, UUID parentId, TaskState state, int priority, Instant runAt,
        Map<String, Object> input, Map<String, Object> result, String error, int attempts, int maxAttempts,
        List<Object> attemptLog, boolean cancelRequested, boolean waitingForChildren, Instant createdAt,
        Instant startedAt, Instant finishedAt, Instant updatedAt, List<Child> children, String ownerId) {

    /** A child task in its parent's view. */
    public record Child(UUID id, String agentId, TaskState state) {
    }

    /** The view of a stored task, with its children when they were read. */
    public static TaskView of(Task task, List<Child> children, boolean withOwner) {
        return new TaskView(task.id(), task.agentId(), task.parentId(), task.state(), task.priority(), task.runAt(),
                task.input().getMap(), task.result() == null ? null : task.result().getMap(), task.error(),
                task.attempts(), task.maxAttempts(), task.attemptLog().getList(), task.cancelRequested(),
                task.awaitingChildren(), task.createdAt(), task.startedAt(), task.finishedAt(), task.updatedAt(),
                children, withOwner ? task.ownerId() : null);
    }
}
