package ai.sutazai.agent.task;

import java.time.Instant;
import java.util.UUID;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A stored task. {@code input} is {@code {"messages": [{role, content}, …]}}; {@code result} is
 * {@code {text, finishReason, usage, children}} once completed; {@code attemptLog} holds one entry
 * per finished attempt. {@code leaseToken} is set while a worker holds the task; {@code lastSeq} is
 * the seq of its latest event.
 */
public record Task(UUID id, String ownerId, String agentId, UUID parentId, TaskState state, int priority,
        Instant runAt, JsonObject input, JsonObject result, String error, int attempts, int maxAttempts,
        JsonArray attemptLog, UUID leaseToken, boolean cancelRequested, boolean awaitingChildren, Instant createdAt,
        Instant startedAt, Instant finishedAt, Instant updatedAt, long lastSeq) {
}
