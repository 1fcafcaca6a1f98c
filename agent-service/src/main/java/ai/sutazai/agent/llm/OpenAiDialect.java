package ai.sutazai.agent.llm;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An OpenAI-compatible {@code /chat/completions} (below the SDK base URL, which ends in {@code /v1}),
 * streamed: {@code chat.completion.chunk} events, with {@code stream_options.include_usage} a last
 * chunk carrying the usage and no choices (some servers send {@code choices: null}), then
 * {@code data: [DONE]}.
 */
final class OpenAiDialect implements ChatDialect {

    private static final String DONE = "[DONE]";

    @Override
    public String chatPath() {
        return "/chat/completions";
    }

    @Override
    public JsonObject body(ChatCall call) {
        JsonObject body = new JsonObject().put("model", call.model()).put("messages", Json.messages(call.messages())).put("stream", true)
                .put("stream_options", new JsonObject().put("include_usage", true));
        Json.putIfSet(body, "temperature", call.options().temperature());
        return Json.putIfSet(body, "max_tokens", call.options().maxTokens());
    }

    @Override
    public Framing framing() {
        return Framing.SSE;
    }

    @Override
    public Parser parser(Endpoint endpoint) {
        return new Parser() {
            private String finishReason;
            private Usage usage = Usage.NONE;
            private boolean ended;

            @Override
            public List<ChatEvent> accept(String payload) {
                if (ended) {
                    return List.of();
                }
                if (DONE.equals(payload.strip())) {
                    ended = true;
                    return List.of(new ChatEvent.Done(finishReason == null ? "stop" : finishReason, usage));
                }
                JsonObject chunk = Json.object(payload, endpoint);
                if (chunk.containsKey("error")) {
                    throw LlmFailure.broken(endpoint, "failed mid-answer: " + Json.errorMessage(payload));
                }
                JsonObject reported = chunk.getJsonObject("usage");
                if (reported != null) {
                    usage = new Usage(reported.getInteger("prompt_tokens"), reported.getInteger("completion_tokens"),
                            null, null, null, null);
                }
                JsonArray choices = chunk.getJsonArray("choices");
                List<ChatEvent> events = new ArrayList<>(1);
                if (choices != null && !choices.isEmpty()) {
                    JsonObject choice = choices.getJsonObject(0);
                    JsonObject delta = choice.getJsonObject("delta");
                    String content = delta == null ? null : delta.getString("content");
                    if (content != null && !content.isEmpty()) {
                        events.add(new ChatEvent.Token(content));
                    }
                    if (choice.getString("finish_reason") != null) {
                        finishReason = choice.getString("finish_reason");
                    }
                }
                return events;
            }

            @Override
            public List<ChatEvent> end() {
                if (ended) {
                    return List.of();
                }
                // Some servers close after the last chunk without [DONE]; a finish reason says the answer is whole.
                if (finishReason != null) {
                    return List.of(new ChatEvent.Done(finishReason, usage));
                }
                throw LlmFailure.broken(endpoint, "ended its answer before it finished (no finish_reason, no [DONE]).");
            }
        };
    }
}
