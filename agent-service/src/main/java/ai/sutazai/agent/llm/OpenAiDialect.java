package ai.sutazai.agent.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        JsonObject body = new JsonObject().put("model", call.model()).put("messages", Json.openAiMessages(call.messages()))
                .put("stream", true).put("stream_options", new JsonObject().put("include_usage", true));
        Json.putIfSet(body, "tools", Json.tools(call.tools()));
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
            // Streamed tool calls come in pieces by index: the id and name first, the arguments in fragments.
            private final Map<Integer, String[]> calls = new TreeMap<>();

            @Override
            public List<ChatEvent> accept(String payload) {
                if (ended) {
                    return List.of();
                }
                if (DONE.equals(payload.strip())) {
                    ended = true;
                    return ending(finishReason == null ? "stop" : finishReason);
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
                    JsonArray toolCalls = delta == null ? null : delta.getJsonArray("tool_calls");
                    if (toolCalls != null) {
                        toolCalls.forEach(each -> gather((JsonObject) each));
                    }
                    if (choice.getString("finish_reason") != null) {
                        finishReason = choice.getString("finish_reason");
                    }
                }
                return events;
            }

            private void gather(JsonObject piece) {
                String[] call = calls.computeIfAbsent(piece.getInteger("index", calls.size()),
                        index -> new String[] {null, null, ""});
                if (piece.getString("id") != null) {
                    call[0] = piece.getString("id");
                }
                JsonObject function = piece.getJsonObject("function");
                if (function != null) {
                    if (function.getString("name") != null) {
                        call[1] = function.getString("name");
                    }
                    if (function.getString("arguments") != null) {
                        call[2] += function.getString("arguments");
                    }
                }
            }

            private List<ChatEvent> ending(String reason) {
                ended = true;
                if (calls.isEmpty()) {
                    return List.of(new ChatEvent.Done(reason, usage));
                }
                List<ToolCall> whole = new ArrayList<>();
                calls.forEach((index, call) -> whole.add(new ToolCall(call[0] != null ? call[0] : "call_" + (index + 1),
                        call[1], call[2])));
                return List.of(new ChatEvent.ToolCalls(whole), new ChatEvent.Done("tool_calls", usage));
            }

            @Override
            public List<ChatEvent> end() {
                if (ended) {
                    return List.of();
                }
                // Some servers close after the last chunk without [DONE]; a finish reason says the answer is whole.
                if (finishReason != null) {
                    return ending(finishReason);
                }
                throw LlmFailure.broken(endpoint, "ended its answer before it finished (no finish_reason, no [DONE]).");
            }
        };
    }
}
