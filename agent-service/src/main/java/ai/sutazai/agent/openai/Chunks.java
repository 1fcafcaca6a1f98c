package ai.sutazai.agent.openai;

import java.util.List;

import ai.sutazai.agent.llm.ToolCall;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The {@code chat.completion.chunk} events of one streamed completion: the same {@code id} and
 * {@code created} on each, a first chunk with the role, one per token, one with the finish reason,
 * and with {@code include_usage} a usage chunk without choices (every other chunk then says
 * {@code "usage": null}).
 */
record Chunks(String id, long created, String model, boolean includeUsage) {

    JsonObject role() {
        return chunk(choice(new JsonObject().put("role", "assistant").put("content", ""), null));
    }

    JsonObject content(String content) {
        return chunk(choice(new JsonObject().put("content", content), null));
    }

    /** The calls of client-supplied tools the model asked for, whole, in one chunk (SDKs join pieces by index). */
    JsonObject toolCalls(List<ToolCall> calls) {
        return chunk(choice(new JsonObject().put("tool_calls", OpenAiTools.calls(calls, true)), null));
    }

    JsonObject finish(String finishReason) {
        return chunk(choice(new JsonObject(), finishReason));
    }

    JsonObject usage(JsonObject usage) {
        return base().put("choices", new JsonArray()).put("usage", usage);
    }

    /** One event of the stream. */
    Buffer data(JsonObject chunk) {
        return Buffer.buffer("data: ").appendBuffer(chunk.toBuffer()).appendString("\n\n");
    }

    private JsonObject chunk(JsonArray choices) {
        JsonObject chunk = base().put("choices", choices);
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private JsonObject base() {
        return new JsonObject().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                .put("model", model);
    }

    private static JsonArray choice(JsonObject delta, String finishReason) {
        return new JsonArray().add(new JsonObject().put("index", 0).put("delta", delta).putNull("logprobs")
                .put("finish_reason", finishReason));
    }
}
