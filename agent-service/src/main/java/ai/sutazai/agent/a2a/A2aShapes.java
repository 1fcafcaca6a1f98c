package ai.sutazai.agent.a2a;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.task.TaskState;
import ai.sutazai.agent.task.TaskView;

/**
 * Our tasks in A2A's wire shapes, once per protocol version. v1.0 (proto JSON): parts without
 * {@code kind}, {@code TASK_STATE_*} and {@code ROLE_*} enums, results wrapped by their kind
 * ({@code {"task": …}}, {@code {"statusUpdate": …}}). v0.3: {@code kind} on every object, lower-case
 * states and roles, bare results, {@code final} on the last status update.
 */
final class A2aShapes {

    static final A2aShapes V1_0 = new A2aShapes(true);
    static final A2aShapes V0_3 = new A2aShapes(false);
    /** The artifact that carries an agent's answer. */
    static final String ANSWER = "answer";

    private final boolean v1;

    private A2aShapes(boolean v1) {
        this.v1 = v1;
    }

    /** The version whose method names these are: v0.3 names have a slash ({@code message/send}). */
    static A2aShapes of(String method) {
        return method.contains("/") ? V0_3 : V1_0;
    }

    String state(TaskState state) {
        // dead is ours: to A2A clients a task whose attempts all failed has failed (metadata says dead).
        String name = state == TaskState.DEAD ? "failed" : state.toString();
        return v1 ? "TASK_STATE_" + name.toUpperCase(Locale.ROOT) : name;
    }

    /** Our state for an A2A state name of either version; null for one we do not have. */
    static TaskState stateOf(String name) {
        String plain = name.toLowerCase(Locale.ROOT).replace("task_state_", "");
        for (TaskState state : TaskState.values()) {
            if (state.toString().equals(plain)) {
                return state;
            }
        }
        return null;
    }

    private JsonObject part(String text) {
        JsonObject part = new JsonObject();
        return (v1 ? part : part.put("kind", "text")).put("text", text);
    }

    JsonObject message(String messageId, String role, String text, UUID taskId, String contextId) {
        JsonObject message = v1 ? new JsonObject() : new JsonObject().put("kind", "message");
        message.put("messageId", messageId)
                .put("role", v1 ? "ROLE_" + role.toUpperCase(Locale.ROOT) : role)
                .put("parts", new JsonArray().add(part(text)));
        if (taskId != null) {
            message.put("taskId", taskId.toString());
        }
        return contextId == null ? message : message.put("contextId", contextId);
    }

    static String contextOf(TaskView task) {
        Object context = task.input().get("contextId");
        return context instanceof String text ? text : task.id().toString();
    }

    private JsonObject status(TaskView task) {
        JsonObject status = new JsonObject().put("state", state(task.state())).put("timestamp", time(task.updatedAt()));
        String said = task.state() == TaskState.COMPLETED ? answer(task) : task.error();
        if (said != null) {
            status.put("message", message(task.id() + "-status", "agent", said, task.id(), contextOf(task)));
        }
        return status;
    }

    private static String answer(TaskView task) {
        Object text = task.result() == null ? null : task.result().get("text");
        return text instanceof String answer ? answer : null;
    }

    /** A task with its history (the last {@code historyLength} messages; null: all) and its answer. */
    JsonObject task(TaskView task, Integer historyLength) {
        String context = contextOf(task);
        JsonArray history = new JsonArray();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> messages = (List<Map<String, Object>>) task.input().get("messages");
        for (int i = 0; i < messages.size(); i++) {
            String role = "assistant".equals(messages.get(i).get("role")) ? "agent" : "user";
            history.add(message(task.id() + "-" + i, role, String.valueOf(messages.get(i).get("content")), task.id(),
                    context));
        }
        String answer = task.state() == TaskState.COMPLETED ? answer(task) : null;
        if (answer != null) {
            history.add(message(task.id() + "-answer", "agent", answer, task.id(), context));
        }
        if (historyLength != null && history.size() > historyLength) {
            history = new JsonArray(history.getList().subList(history.size() - historyLength, history.size()));
        }
        JsonObject shaped = v1 ? new JsonObject() : new JsonObject().put("kind", "task");
        shaped.put("id", task.id().toString()).put("contextId", context).put("status", status(task))
                .put("history", history).put("metadata", new JsonObject().put("agentId", task.agentId())
                        .put("sutazaiState", task.state().toString()));
        if (answer != null) {
            shaped.put("artifacts", new JsonArray().add(artifact(answer)));
        }
        return shaped;
    }

    private JsonObject artifact(String text) {
        return new JsonObject().put("artifactId", ANSWER).put("name", ANSWER).put("parts", new JsonArray().add(part(text)));
    }

    /** What SendMessage answers, and a stream's first event: the task. */
    JsonObject taskResult(JsonObject task) {
        return v1 ? new JsonObject().put("task", task) : task;
    }

    /** A change of state; {@code text} (null: none) is the agent's word on it. */
    JsonObject statusUpdate(UUID taskId, String contextId, TaskState state, String text, boolean last) {
        JsonObject status = new JsonObject().put("state", state(state)).put("timestamp", time(Instant.now()));
        if (text != null) {
            status.put("message", message(taskId + "-status", "agent", text, taskId, contextId));
        }
        JsonObject update = new JsonObject().put("taskId", taskId.toString()).put("contextId", contextId)
                .put("status", status);
        return v1 ? new JsonObject().put("statusUpdate", update)
                : update.put("kind", "status-update").put("final", last);
    }

    /** A piece of the answer: the first creates the answer artifact, the later ones append to it. */
    JsonObject artifactUpdate(UUID taskId, String contextId, String text, boolean append) {
        JsonObject update = new JsonObject().put("taskId", taskId.toString()).put("contextId", contextId)
                .put("artifact", artifact(text)).put("append", append).put("lastChunk", false);
        return v1 ? new JsonObject().put("artifactUpdate", update) : update.put("kind", "artifact-update");
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
