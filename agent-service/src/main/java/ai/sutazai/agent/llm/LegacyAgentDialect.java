package ai.sutazai.agent.llm;

import java.util.List;

import io.vertx.core.json.JsonObject;

/**
 * The old platform's agent contract: {@code POST /chat {messages, model, temperature, max_tokens}}
 * answered, whole, by {@code {response, usage}}. The answer passes on as one token.
 */
final class LegacyAgentDialect implements ChatDialect {

    @Override
    public String chatPath() {
        return "/chat";
    }

    @Override
    public JsonObject body(ChatCall call) {
        JsonObject body = new JsonObject().put("messages", Json.messages(call.messages())).put("stream", false);
        Json.putIfSet(body, "model", call.model());
        Json.putIfSet(body, "temperature", call.options().temperature());
        return Json.putIfSet(body, "max_tokens", call.options().maxTokens());
    }

    @Override
    public Framing framing() {
        return Framing.WHOLE;
    }

    @Override
    public Parser parser(Endpoint endpoint) {
        return new Parser() {
            private boolean answered;

            @Override
            public List<ChatEvent> accept(String payload) {
                JsonObject answer = Json.object(payload, endpoint);
                Object response = answer.getValue("response");
                if (!(response instanceof String text)) {
                    throw LlmFailure.broken(endpoint, "answered without a \"response\" text.");
                }
                answered = true;
                JsonObject usage = answer.getJsonObject("usage");
                Usage reported = usage == null ? Usage.NONE : new Usage(usage.getInteger("prompt_tokens"),
                        usage.getInteger("completion_tokens"), null, null, null, null);
                return List.of(new ChatEvent.Token(text), new ChatEvent.Done("stop", reported));
            }

            @Override
            public List<ChatEvent> end() {
                if (!answered) {
                    throw LlmFailure.broken(endpoint, "answered with an empty body.");
                }
                return List.of();
            }
        };
    }
}
