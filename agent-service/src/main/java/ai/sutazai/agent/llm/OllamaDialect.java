package ai.sutazai.agent.llm;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.registry.GenerationOptions;

/**
 * Ollama's native {@code /api/chat}: NDJSON, one object per chunk, a last one with {@code done: true}
 * and the timings (in nanoseconds). An error mid-answer arrives as a line {@code {"error": ...}}
 * inside a 200 answer, so every line is checked for it first.
 */
final class OllamaDialect implements ChatDialect {

    private static final long NANOS_PER_MILLI = 1_000_000;

    @Override
    public String chatPath() {
        return "/api/chat";
    }

    @Override
    public JsonObject body(ChatCall call) {
        JsonObject body = new JsonObject().put("model", call.model()).put("messages", Json.ollamaMessages(call.messages()))
                .put("stream", true);
        Json.putIfSet(body, "tools", Json.tools(call.tools()));
        JsonObject options = options(call.options());
        if (!options.isEmpty()) {
            body.put("options", options);
        }
        return body;
    }

    private static JsonObject options(GenerationOptions options) {
        JsonObject json = Json.putIfSet(new JsonObject(), "temperature", options.temperature());
        Json.putIfSet(json, "num_predict", options.maxTokens());
        return Json.putIfSet(json, "num_ctx", options.contextSize());
    }

    @Override
    public Framing framing() {
        return Framing.NDJSON;
    }

    @Override
    public Parser parser(Endpoint endpoint) {
        return new Parser() {
            private boolean done;
            private final List<ToolCall> calls = new ArrayList<>();

            @Override
            public List<ChatEvent> accept(String payload) {
                JsonObject chunk = Json.object(payload, endpoint);
                if (chunk.containsKey("error")) {
                    throw LlmFailure.broken(endpoint, "failed mid-answer: " + Json.errorMessage(payload));
                }
                JsonObject message = chunk.getJsonObject("message");
                String content = message == null ? null : message.getString("content");
                // Ollama sends a call whole in one chunk, its arguments as an object, with or without an id.
                JsonArray toolCalls = message == null ? null : message.getJsonArray("tool_calls");
                if (toolCalls != null) {
                    for (Object each : toolCalls) {
                        JsonObject call = (JsonObject) each;
                        JsonObject function = call.getJsonObject("function");
                        Object arguments = function.getValue("arguments");
                        String id = call.getString("id");
                        calls.add(new ToolCall(id != null ? id : "call_" + (calls.size() + 1), function.getString("name"),
                                arguments == null ? "{}" : arguments instanceof String text ? text
                                        : Json.encode(arguments)));
                    }
                }
                if (chunk.getBoolean("done", false)) {
                    done = true;
                    Usage usage = new Usage(chunk.getInteger("prompt_eval_count"), chunk.getInteger("eval_count"),
                            millis(chunk, "total_duration"), millis(chunk, "load_duration"),
                            millis(chunk, "prompt_eval_duration"), millis(chunk, "eval_duration"));
                    List<ChatEvent> events = new ArrayList<>(3);
                    if (content != null && !content.isEmpty()) {
                        events.add(new ChatEvent.Token(content));
                    }
                    if (!calls.isEmpty()) {
                        events.add(new ChatEvent.ToolCalls(List.copyOf(calls)));
                    }
                    events.add(new ChatEvent.Done(calls.isEmpty() ? chunk.getString("done_reason", "stop") : "tool_calls",
                            usage));
                    return events;
                }
                return content == null || content.isEmpty() ? List.of() : List.of(new ChatEvent.Token(content));
            }

            @Override
            public List<ChatEvent> end() {
                if (!done) {
                    throw LlmFailure.broken(endpoint, "ended its answer without its last (\"done\") line.");
                }
                return List.of();
            }
        };
    }

    private static Long millis(JsonObject chunk, String field) {
        Long nanos = chunk.getLong(field);
        return nanos == null ? null : nanos / NANOS_PER_MILLI;
    }
}
