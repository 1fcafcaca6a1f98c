package ai.sutazai.agent.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.llm.ToolCall;
import ai.sutazai.agent.llm.ToolDefinition;
import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;

/** Tools in OpenAI's Chat Completions shapes: the client's {@code tools}, and {@code tool_calls} both ways. */
final class OpenAiTools {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final int MAX_TOOLS = 128;

    private OpenAiTools() {
    }

    /** The client's {@code tools} ({@code [{type: function, function: {name, description, parameters}}]}); 400 naming each bad one. */
    static List<ToolDefinition> definitions(List<JsonNode> tools) {
        if (tools == null || tools.isEmpty()) {
            return List.of();
        }
        if (tools.size() > MAX_TOOLS) {
            throw ProblemException.invalid("tools", "must hold at most " + MAX_TOOLS + " tools");
        }
        List<ToolDefinition> definitions = new ArrayList<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            JsonNode function = tool.path("function");
            String name = function.path("name").asText("");
            if (!"function".equals(tool.path("type").asText()) || !NAME.matcher(name).matches()) {
                errors.add(new Problem.FieldError("tools[" + i + "]", "must be {\"type\": \"function\", \"function\": "
                        + "{\"name\": 1-64 letters, digits, '_' or '-', ...}}"));
                continue;
            }
            JsonNode parameters = function.path("parameters");
            definitions.add(new ToolDefinition(name, function.path("description").isTextual()
                    ? function.get("description").asText() : null,
                    parameters.isObject() ? new JsonObject(parameters.toString())
                            : new JsonObject().put("type", "object").put("properties", new JsonObject())));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return definitions;
    }

    /** An assistant message's {@code tool_calls} as the turn's calls; null entries or wrong shapes are a 400. */
    static List<ToolCall> read(List<JsonNode> calls, int message) {
        List<ToolCall> read = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            JsonNode function = call.path("function");
            if (!call.path("id").isTextual() || !function.path("name").isTextual()) {
                throw ProblemException.invalid("messages[" + message + "].tool_calls[" + i + "]",
                        "must have an id and a function with a name");
            }
            JsonNode arguments = function.path("arguments");
            read.add(new ToolCall(call.get("id").asText(), function.get("name").asText(),
                    arguments.isTextual() ? arguments.asText() : arguments.isMissingNode() ? "{}" : arguments.toString()));
        }
        return read;
    }

    /** Calls in OpenAI's shape; in a stream chunk each also carries its {@code index}. */
    static JsonArray calls(List<ToolCall> calls, boolean indexed) {
        JsonArray array = new JsonArray();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            JsonObject json = new JsonObject();
            if (indexed) {
                json.put("index", i);
            }
            array.add(json.put("id", call.id()).put("type", "function").put("function", new JsonObject()
                    .put("name", call.name()).put("arguments", call.arguments() == null ? "{}" : call.arguments())));
        }
        return array;
    }
}
