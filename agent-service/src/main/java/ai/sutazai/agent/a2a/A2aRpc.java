package ai.sutazai.agent.a2a;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.TextNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.agent.task.SubmitTask;
import ai.sutazai.agent.task.TaskEventStream;
import ai.sutazai.agent.task.TaskRepository;
import ai.sutazai.agent.task.TaskService;
import ai.sutazai.agent.task.TaskState;
import ai.sutazai.agent.task.TaskView;
import ai.sutazai.commons.problem.ProblemException;

/**
 * A2A's methods, both versions' names, on our tasks: a message becomes a task for the agent its
 * metadata names ({@code agentId} or {@code skillId}: the card's skills are the agents), its
 * messageId the task's idempotency key; streams are the task's stored events, so they resume.
 */
@ApplicationScoped
public class A2aRpc {

    /** One result of a streaming method, with the seq of the task event it stands for. */
    public record StreamEvent(long seq, JsonObject result) {
    }

    private static final Set<String> STREAMING = Set.of("SendStreamingMessage", "SubscribeToTask", "message/stream",
            "tasks/resubscribe");
    private static final int MAX_PAGE = 100;

    private final TaskService tasks;
    private final TaskEventStream events;
    private final String defaultAgent;
    private final Duration blockingTimeout;

    public A2aRpc(TaskService tasks, TaskEventStream events, AgentConfig config) {
        this.tasks = tasks;
        this.events = events;
        this.defaultAgent = config.chat().defaultAgent();
        this.blockingTimeout = config.a2a().blockingTimeout();
    }

    /** Whether {@code method} answers with a stream of events. */
    public static boolean streams(String method) {
        return STREAMING.contains(method);
    }

    /** A method with one answer: its JSON-RPC result. */
    public Uni<JsonObject> call(String method, JsonObject params, TaskService.Asker asker) {
        A2aShapes shapes = A2aShapes.of(method);
        return switch (method) {
            case "SendMessage", "message/send" -> send(shapes, params, asker).flatMap(view -> blocking(shapes, params)
                    ? settled(asker, view) : Uni.createFrom().item(view))
                    .map(view -> shapes.taskResult(shapes.task(view, historyLength(params))));
            case "GetTask", "tasks/get" -> tasks.get(asker, taskId(params)).onFailure().transform(A2aRpc::lookup)
                    .map(view -> shapes.task(view, historyLength(params)));
            case "CancelTask", "tasks/cancel" -> tasks.cancel(asker, taskId(params)).onFailure()
                    .transform(A2aRpc::lookup).map(view -> shapes.task(view, null));
            case "ListTasks", "tasks/list" -> list(shapes, params, asker);
            case "GetExtendedAgentCard", "agent/getAuthenticatedExtendedCard" -> throw new A2aError(
                    A2aError.EXTENDED_CARD_NOT_CONFIGURED, "There is no extended card: the public card lists every agent.");
            default -> {
                if (method.contains("PushNotificationConfig")) {
                    throw new A2aError(A2aError.PUSH_NOTIFICATION_NOT_SUPPORTED,
                            "Push notifications are not supported; stream the task (SubscribeToTask) instead.");
                }
                throw new A2aError(A2aError.METHOD_NOT_FOUND, "There is no method " + method + ".");
            }
        };
    }

    /**
     * A streaming method: the task first (unless resuming after {@code lastEventId}), then its
     * updates. The Uni fails when the call is refused, before any event.
     */
    public Uni<Multi<StreamEvent>> stream(String method, JsonObject params, TaskService.Asker asker, Long lastEventId) {
        A2aShapes shapes = A2aShapes.of(method);
        if (method.equals("SendStreamingMessage") || method.equals("message/stream")) {
            return send(shapes, params, asker).flatMap(view -> follow(shapes, asker, view.id(), null, false));
        }
        UUID id = taskId(params);
        return follow(shapes, asker, id, lastEventId, true);
    }

    private Uni<Multi<StreamEvent>> follow(A2aShapes shapes, TaskService.Asker asker, UUID id, Long lastEventId,
            boolean refuseFinished) {
        return tasks.snapshot(asker, id).onFailure().transform(A2aRpc::lookup).map(snapshot -> {
            TaskView task = snapshot.task();
            if (refuseFinished && lastEventId == null && task.state().terminal()) {
                throw new A2aError(A2aError.UNSUPPORTED_OPERATION, "Task " + id + " is " + task.state()
                        + "; GetTask reads its outcome.");
            }
            String context = A2aShapes.contextOf(task);
            long after = lastEventId != null ? lastEventId : snapshot.lastSeq();
            AtomicBoolean append = new AtomicBoolean(after > 2);
            // Tool steps (tool_call, tool_result events) are the platform's own detail: A2A streams show the answer.
            Multi<StreamEvent> updates = events.events(id, after)
                    .filter(event -> event.kind().equals("chunk") || event.kind().equals("state"))
                    .map(event -> update(shapes, id, context, event, append))
                    .filter(update -> update != null);
            if (lastEventId != null) {
                return updates;
            }
            Multi<StreamEvent> first = Multi.createFrom()
                    .item(new StreamEvent(snapshot.lastSeq(), shapes.taskResult(shapes.task(task, null))));
            return Multi.createBy().concatenating().streams(first, updates);
        });
    }

    private static StreamEvent update(A2aShapes shapes, UUID id, String context, TaskRepository.StoredEvent event,
            AtomicBoolean append) {
        JsonObject data = event.data();
        if (event.kind().equals("chunk")) {
            return new StreamEvent(event.seq(), shapes.artifactUpdate(id, context, data.getString("text"),
                    append.getAndSet(true)));
        }
        TaskState state = TaskState.of(data.getString("state"));
        if (state == TaskState.WORKING) {
            // A new attempt starts a new answer.
            append.set(false);
        }
        JsonObject result = data.getJsonObject("result");
        String text = data.getString("error", result == null ? null : result.getString("text"));
        return new StreamEvent(event.seq(), shapes.statusUpdate(id, context, state, text, event.last()));
    }

    private Uni<TaskView> send(A2aShapes shapes, JsonObject params, TaskService.Asker asker) {
        JsonObject message = params.getJsonObject("message");
        if (message == null) {
            throw invalid("params.message is required");
        }
        String role = message.getString("role", "");
        if (!role.equalsIgnoreCase("user") && !role.equals("ROLE_USER")) {
            throw invalid("params.message.role must be " + (shapes == A2aShapes.V1_0 ? "ROLE_USER" : "user"));
        }
        if (message.getString("taskId") != null) {
            throw new A2aError(A2aError.UNSUPPORTED_OPERATION, "Our agents do not ask for more input, so a task "
                    + "is not continued: send a new message (the same contextId groups them).");
        }
        List<String> texts = new ArrayList<>();
        JsonArray parts = message.getJsonArray("parts", new JsonArray());
        for (Object part : parts) {
            if (part instanceof JsonObject text && text.getValue("text") instanceof String value) {
                texts.add(value);
            }
        }
        if (texts.isEmpty()) {
            throw invalid("params.message.parts must hold a text part (files and data are not read)");
        }
        // Without one, the task's id is its context (A2AShapes.contextOf); a repeat stays the same request.
        String contextId = message.getString("contextId");
        String messageId = message.getString("messageId");
        SubmitTask body = new SubmitTask(agentOf(params, message), null, TextNode.valueOf(String.join("\n", texts)),
                null, null, null, null, contextId);
        return tasks.submit(asker, body, messageId == null || messageId.isBlank() ? null : "a2a:" + messageId)
                .onFailure().transform(A2aRpc::asError).map(TaskService.Submitted::task);
    }

    // The card lists each agent as a skill with the agent's id: a client names it in the metadata.
    private String agentOf(JsonObject params, JsonObject message) {
        for (JsonObject metadata : new JsonObject[] { params.getJsonObject("metadata"),
                message.getJsonObject("metadata") }) {
            if (metadata != null) {
                for (String key : List.of("agentId", "skillId", "skill")) {
                    if (metadata.getValue(key) instanceof String agent) {
                        return agent;
                    }
                }
            }
        }
        return defaultAgent;
    }

    private static boolean blocking(A2aShapes shapes, JsonObject params) {
        JsonObject configuration = params.getJsonObject("configuration", new JsonObject());
        return shapes == A2aShapes.V1_0 ? !configuration.getBoolean("returnImmediately", false)
                : configuration.getBoolean("blocking", true);
    }

    // The task once finished, or as it is when the blocking wait is over.
    private Uni<TaskView> settled(TaskService.Asker asker, TaskView view) {
        if (view.state().terminal()) {
            return Uni.createFrom().item(view);
        }
        return events.events(view.id(), 0).select().where(TaskRepository.StoredEvent::last).toUni()
                .ifNoItem().after(blockingTimeout).recoverWithItem(() -> null)
                .flatMap(ignored -> tasks.get(asker, view.id()));
    }

    private Uni<JsonObject> list(A2aShapes shapes, JsonObject params, TaskService.Asker asker) {
        int pageSize = params.getInteger("pageSize", 50);
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw invalid("params.pageSize must be 1-" + MAX_PAGE);
        }
        String status = params.getString("status");
        TaskState state = status == null || status.isEmpty() || status.equals("TASK_STATE_UNSPECIFIED") ? null
                : A2aShapes.stateOf(status);
        if (status != null && !status.isEmpty() && !status.equals("TASK_STATE_UNSPECIFIED") && state == null) {
            throw invalid("params.status is not a task state");
        }
        String token = params.getString("pageToken");
        Integer history = historyLength(params);
        return tasks.list(asker, state, params.getString("contextId"), token == null || token.isEmpty() ? null : token,
                pageSize).onFailure().transform(A2aRpc::asError).map(page -> {
                    JsonArray shaped = new JsonArray();
                    page.items().forEach(task -> shaped.add(shapes.task(task, history)));
                    return new JsonObject().put("tasks", shaped).put("nextPageToken",
                            page.nextCursor() == null ? "" : page.nextCursor()).put("pageSize", pageSize);
                });
    }

    private static Integer historyLength(JsonObject params) {
        Object value = params.getValue("historyLength");
        if (value == null) {
            return null;
        }
        if (value instanceof Number number && number.intValue() >= 0) {
            return number.intValue();
        }
        throw invalid("params.historyLength must be a whole number, 0 or more");
    }

    private static UUID taskId(JsonObject params) {
        Object id = params.getValue("id");
        if (!(id instanceof String text)) {
            throw invalid("params.id (the task's id) is required");
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new A2aError(A2aError.TASK_NOT_FOUND, "There is no task " + text + ".");
        }
    }

    private static A2aError invalid(String message) {
        return new A2aError(A2aError.INVALID_PARAMS, message);
    }

    // For methods that name a task: not found and not cancelable have codes of their own.
    private static Throwable lookup(Throwable failure) {
        if (failure instanceof ProblemException problem) {
            if (problem.type().status() == 404) {
                return new A2aError(A2aError.TASK_NOT_FOUND, problem.getMessage());
            }
            if (problem.type().status() == 409) {
                return new A2aError(A2aError.TASK_NOT_CANCELABLE, problem.getMessage());
            }
        }
        return asError(failure);
    }

    /** Any failure as an A2A error: a refused request is invalid params, the rest internal, with our problem as data. */
    static A2aError asError(Throwable failure) {
        if (failure instanceof A2aError error) {
            return error;
        }
        if (failure instanceof ProblemException problem) {
            JsonObject data = new JsonObject().put("type", problem.type().uri()).put("status", problem.type().status())
                    .put("detail", problem.getMessage());
            if (!problem.errors().isEmpty()) {
                data.put("errors", new JsonArray(problem.errors().stream()
                        .map(error -> new JsonObject().put("field", error.field()).put("message", error.message()))
                        .toList()));
            }
            String retryAfter = problem.headers().get("Retry-After");
            if (retryAfter != null) {
                data.put("retryAfter", Integer.parseInt(retryAfter));
            }
            int code = problem.type().status() < 500 && problem.type().status() != 429 ? A2aError.INVALID_PARAMS
                    : A2aError.INTERNAL;
            return new A2aError(code, problem.getMessage(), data);
        }
        return new A2aError(A2aError.INTERNAL, "The request failed: " + failure.getMessage());
    }
}
