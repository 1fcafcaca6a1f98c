package ai.sutazai.agent.llm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.registry.A2aEndpoint;

/**
 * A remote Agent2Agent server over JSON-RPC, in the version its card names: v1.0
 * ({@code SendStreamingMessage} / {@code SendMessage}, header {@code A2A-Version: 1.0}, parts
 * {@code {text}}, role {@code ROLE_USER}) or v0.3 ({@code message/stream} / {@code message/send},
 * parts {@code {kind:"text",text}}, role {@code user}); streamed when its card says it streams.
 * Answers of both versions are read alike: each SSE {@code data:} (or the one JSON body) is a
 * JSON-RPC response whose result is a Task, a Message, a status update or an artifact update, with
 * v0.3's {@code kind} or wrapped as v1.0's {@code {task}}, {@code {message}}, {@code {statusUpdate}},
 * {@code {artifactUpdate}}; states {@code completed} or {@code TASK_STATE_COMPLETED}.
 * The answer is the text of the artifacts (else of the final status message, or of a Message);
 * {@code input-required} and {@code auth-required} end it with the agent's question as text and that
 * state as finish reason; {@code failed}, {@code rejected} and {@code canceled} fail it, as do
 * JSON-RPC errors. Status messages of a working task are progress, not answer, and are left out.
 */
final class A2aDialect implements ChatDialect {

    private static final Map<Integer, String> ERRORS = Map.ofEntries(
            Map.entry(-32700, "parse error"), Map.entry(-32600, "invalid request"),
            Map.entry(-32601, "method not found"), Map.entry(-32602, "invalid params"),
            Map.entry(-32603, "internal error"), Map.entry(-32001, "task not found"),
            Map.entry(-32002, "task not cancelable"), Map.entry(-32003, "push notifications not supported"),
            Map.entry(-32004, "unsupported operation"), Map.entry(-32005, "content type not supported"),
            Map.entry(-32006, "invalid agent response"), Map.entry(-32007, "extended card not configured"),
            Map.entry(-32008, "extension support required"), Map.entry(-32009, "version not supported"));

    private final boolean v1;
    private final boolean streaming;

    A2aDialect(A2aEndpoint endpoint) {
        this.v1 = endpoint.isV1();
        this.streaming = endpoint.streaming();
    }

    @Override
    public String chatPath() {
        // The endpoint is the card's JSON-RPC URL itself.
        return "";
    }

    @Override
    public JsonObject body(ChatCall call) {
        String method = v1 ? (streaming ? "SendStreamingMessage" : "SendMessage")
                : (streaming ? "message/stream" : "message/send");
        JsonObject message = new JsonObject().put("messageId", UUID.randomUUID().toString())
                .put("role", v1 ? "ROLE_USER" : "user").put("parts", parts(call.messages()));
        if (!v1) {
            message.put("kind", "message");
        }
        JsonObject params = new JsonObject().put("message", message);
        if (!v1 && !streaming) {
            // v1.0 waits for the task by default; v0.3 is told to, as the official client does.
            params.put("configuration", new JsonObject().put("blocking", true));
        }
        return new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", method).put("params", params);
    }

    // The user's newest message is the first part, as agents that read one part read that; what
    // came before it (system prompt, history) follows as a second part, labelled.
    private JsonArray parts(List<ChatMessage> messages) {
        int last = messages.size() - 1;
        JsonArray parts = new JsonArray().add(textPart(messages.get(last).content()));
        if (last > 0) {
            StringBuilder context = new StringBuilder("Context of the message above (earlier in this conversation, "
                    + "oldest first):");
            for (ChatMessage earlier : messages.subList(0, last)) {
                context.append('\n').append(earlier.role()).append(": ").append(earlier.content());
            }
            parts.add(textPart(context.toString()));
        }
        return parts;
    }

    private JsonObject textPart(String text) {
        JsonObject part = new JsonObject().put("text", text);
        return v1 ? part : part.put("kind", "text");
    }

    @Override
    public Framing framing() {
        return streaming ? Framing.SSE_OR_WHOLE : Framing.WHOLE;
    }

    @Override
    public Map<String, String> headers() {
        // Servers with the SDK's v0.3 layer pick the version by this header, taking none as 0.3.
        return Map.of("A2A-Version", v1 ? "1.0" : "0.3");
    }

    @Override
    public Parser parser(Endpoint endpoint) {
        return new Answer(endpoint);
    }

    // One answer: which artifacts have said something, the task's last state, and whether it ended.
    private static final class Answer implements Parser {
        private final Endpoint endpoint;
        private final Set<String> artifacts = new LinkedHashSet<>();
        private boolean spoke;
        private boolean ended;
        private String lastState;

        Answer(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public List<ChatEvent> accept(String payload) {
            if (ended) {
                return List.of();
            }
            JsonObject response = Json.object(payload, endpoint);
            Object error = response.getValue("error");
            if (error != null) {
                throw rpcError(error);
            }
            if (!(response.getValue("result") instanceof JsonObject result)) {
                throw LlmFailure.broken(endpoint, "answered without a JSON-RPC result.");
            }
            List<ChatEvent> events = new ArrayList<>();
            event(result, events);
            return events;
        }

        @Override
        public List<ChatEvent> end() {
            if (ended) {
                return List.of();
            }
            throw LlmFailure.broken(endpoint, lastState == null ? "ended its answer without a task or message."
                    : "ended its answer while the task was still " + lastState + ".");
        }

        private void event(JsonObject result, List<ChatEvent> events) {
            String kind = result.getString("kind");
            if (kind == null) {
                // v1.0 wraps each result in a member naming it; GetTask-style answers are a bare task.
                for (String wrapper : List.of("task", "message", "statusUpdate", "artifactUpdate")) {
                    if (result.getValue(wrapper) instanceof JsonObject inner) {
                        kind = wrapper;
                        result = inner;
                        break;
                    }
                }
            }
            if (kind == null) {
                kind = result.containsKey("artifact") ? "artifactUpdate"
                        : result.containsKey("taskId") && result.containsKey("status") ? "statusUpdate"
                        : result.containsKey("status") ? "task"
                        : result.containsKey("parts") ? "message" : "";
            }
            switch (kind) {
                case "task" -> {
                    JsonArray all = result.getJsonArray("artifacts", new JsonArray());
                    for (int i = 0; i < all.size(); i++) {
                        artifact(all.getJsonObject(i), events);
                    }
                    status(result.getJsonObject("status"), events);
                }
                case "message" -> {
                    say(text(result.getJsonArray("parts")), events);
                    finish("stop", events);
                }
                case "status-update", "statusUpdate" -> status(result.getJsonObject("status"), events);
                case "artifact-update", "artifactUpdate" -> artifact(result.getJsonObject("artifact"), events);
                default -> throw LlmFailure.broken(endpoint, "sent a result that is no A2A task, message or event.");
            }
        }

        private void artifact(JsonObject artifact, List<ChatEvent> events) {
            if (artifact == null) {
                return;
            }
            String text = text(artifact.getJsonArray("parts"));
            if (text.isEmpty()) {
                return;
            }
            String id = artifact.getString("artifactId", "");
            // A second artifact is a second piece of the answer, not the first one's continuation.
            if (spoke && !artifacts.contains(id)) {
                text = "\n\n" + text;
            }
            artifacts.add(id);
            say(text, events);
        }

        private void status(JsonObject status, List<ChatEvent> events) {
            if (status == null) {
                return;
            }
            String state = state(status.getString("state", ""));
            lastState = state;
            JsonObject message = status.getJsonObject("message");
            String text = message == null ? "" : text(message.getJsonArray("parts"));
            switch (state) {
                case "completed" -> {
                    // Some agents put the whole answer in the final status message instead of an artifact.
                    if (!spoke) {
                        say(text, events);
                    }
                    finish("stop", events);
                }
                case "input-required", "auth-required" -> {
                    say(spoke && !text.isEmpty() ? "\n\n" + text : text, events);
                    finish(state, events);
                }
                case "failed", "rejected", "canceled" -> throw LlmFailure.broken(endpoint, switch (state) {
                    case "failed" -> "reports the task failed";
                    case "rejected" -> "rejected the task";
                    default -> "canceled the task";
                } + (text.isEmpty() ? "." : ": " + LlmFailure.quote(endpoint, text)));
                default -> {
                    // submitted, working: what a working task says is progress, not the answer.
                }
            }
        }

        private void say(String text, List<ChatEvent> events) {
            if (!text.isEmpty()) {
                spoke = true;
                events.add(new ChatEvent.Token(text));
            }
        }

        private void finish(String reason, List<ChatEvent> events) {
            ended = true;
            events.add(new ChatEvent.Done(reason, Usage.NONE));
        }

        private LlmFailure rpcError(Object error) {
            if (!(error instanceof JsonObject object)) {
                return LlmFailure.broken(endpoint, "answered with a JSON-RPC error: " + LlmFailure.quote(endpoint,
                        String.valueOf(error)));
            }
            Integer code = object.getValue("code") instanceof Number number ? number.intValue() : null;
            String name = code == null ? null : ERRORS.get(code);
            String message = object.getString("message", "");
            return LlmFailure.broken(endpoint, "answered with JSON-RPC error " + code + (name == null ? "" : " (" + name + ")")
                    + (message.isEmpty() ? "." : ": " + LlmFailure.quote(endpoint, message)));
        }
    }

    // v1.0's TASK_STATE_INPUT_REQUIRED and v0.3's input-required both read input-required.
    static String state(String wire) {
        String state = wire.toLowerCase(Locale.ROOT);
        if (state.startsWith("task_state_")) {
            state = state.substring("task_state_".length());
        }
        state = state.replace('_', '-');
        return state.equals("cancelled") ? "canceled" : state;
    }

    // The text of parts, v0.3 {kind:"text",text} and v1.0 {text} alike; data parts as their JSON.
    static String text(JsonArray parts) {
        if (parts == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            JsonObject part = parts.getJsonObject(i);
            if (part.getValue("text") instanceof String said) {
                text.append(said);
            } else if (part.getValue("data") instanceof JsonObject data) {
                text.append(data.encode());
            } else if (part.getValue("data") instanceof JsonArray data) {
                text.append(data.encode());
            }
        }
        return text.toString();
    }
}
