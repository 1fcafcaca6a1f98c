package ai.sutazai.agent.testing;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Answers of models that call tools, in the wire shapes of Ollama's {@code /api/chat} (a message
 * with {@code tool_calls} whose arguments are objects, then {@code done}) and of OpenAI's streamed
 * Chat Completions ({@code delta.tool_calls} in pieces by index, the arguments in fragments,
 * {@code finish_reason: tool_calls}), for {@link StubLlm#script}.
 */
public final class ToolModels {

    /** A tool call a scripted model makes. */
    public record Call(String name, JsonObject arguments) {
    }

    private ToolModels() {
    }

    /** Shorthand for a call. */
    public static Call call(String name, JsonObject arguments) {
        return new Call(name, arguments);
    }

    /** Ollama asking for these calls (no ids, as older Ollama versions send them). */
    public static List<String> ollamaCalls(String model, Call... calls) {
        JsonArray toolCalls = new JsonArray();
        for (Call call : calls) {
            toolCalls.add(new JsonObject().put("function", new JsonObject().put("name", call.name())
                    .put("arguments", call.arguments())));
        }
        return List.of(new JsonObject().put("model", model).put("created_at", "2026-12-04T02:00:00Z")
                        .put("message", new JsonObject().put("role", "assistant").put("content", "")
                                .put("tool_calls", toolCalls)).put("done", false).encode(),
                done(model, "stop"));
    }

    /** Ollama answering with text, in two chunks. */
    public static List<String> ollamaText(String model, String text) {
        int half = text.length() / 2;
        return List.of(chunk(model, text.substring(0, half)), chunk(model, text.substring(half)), done(model, "stop"));
    }

    private static String chunk(String model, String content) {
        return new JsonObject().put("model", model).put("created_at", "2026-12-04T02:00:00Z")
                .put("message", new JsonObject().put("role", "assistant").put("content", content)).put("done", false)
                .encode();
    }

    private static String done(String model, String reason) {
        return new JsonObject().put("model", model).put("created_at", "2026-12-04T02:00:00Z")
                .put("message", new JsonObject().put("role", "assistant").put("content", "")).put("done", true)
                .put("done_reason", reason).put("total_duration", 5_000_000L).put("prompt_eval_count", 20)
                .put("eval_count", 5).encode();
    }

    /** OpenAI asking for these calls, streamed as OpenAI does: id and name first, arguments in two fragments. */
    public static List<String> openAiCalls(String model, Call... calls) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < calls.length; i++) {
            String arguments = calls[i].arguments().encode();
            int half = arguments.length() / 2;
            events.add(sse(openAiChunk(model, new JsonObject().put("tool_calls", new JsonArray().add(new JsonObject()
                    .put("index", i).put("id", "call_" + calls[i].name() + "_" + i).put("type", "function")
                    .put("function", new JsonObject().put("name", calls[i].name()).put("arguments", "")))), null)));
            events.add(sse(openAiChunk(model, fragment(i, arguments.substring(0, half)), null)));
            events.add(sse(openAiChunk(model, fragment(i, arguments.substring(half)), null)));
        }
        events.add(sse(openAiChunk(model, new JsonObject(), "tool_calls")));
        events.add(sse(new JsonObject().put("id", "chatcmpl-tools").put("object", "chat.completion.chunk")
                .put("created", 1764813600).put("model", model).put("choices", new JsonArray())
                .put("usage", new JsonObject().put("prompt_tokens", 30).put("completion_tokens", 12)).encode()));
        events.add("data: [DONE]\n\n");
        return events;
    }

    /** OpenAI answering with text. */
    public static List<String> openAiText(String model, String text) {
        return List.of(sse(openAiChunk(model, new JsonObject().put("role", "assistant").put("content", text), null)),
                sse(openAiChunk(model, new JsonObject(), "stop")), "data: [DONE]\n\n");
    }

    private static JsonObject fragment(int index, String arguments) {
        return new JsonObject().put("tool_calls", new JsonArray().add(new JsonObject().put("index", index)
                .put("function", new JsonObject().put("arguments", arguments))));
    }

    private static String openAiChunk(String model, JsonObject delta, String finishReason) {
        return new JsonObject().put("id", "chatcmpl-tools").put("object", "chat.completion.chunk")
                .put("created", 1764813600).put("model", model).put("choices", new JsonArray().add(new JsonObject()
                        .put("index", 0).put("delta", delta).put("finish_reason", finishReason))).encode();
    }

    private static String sse(String data) {
        return "data: " + data + "\n\n";
    }

    /** The messages of a model call. */
    public static JsonArray messages(StubLlm.Call call) {
        return call.body().getJsonArray("messages");
    }

    /** The tool messages of a model call (the results it was given). */
    public static List<JsonObject> toolResults(StubLlm.Call call) {
        return messages(call).stream().map(JsonObject.class::cast).filter(m -> "tool".equals(m.getString("role")))
                .toList();
    }

    /** Whether the call is a later step of a tool loop (it carries tool results). */
    public static boolean hasToolResults(StubLlm.Call call) {
        return !toolResults(call).isEmpty();
    }
}
