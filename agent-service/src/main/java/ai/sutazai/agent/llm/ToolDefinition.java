package ai.sutazai.agent.llm;

import io.vertx.core.json.JsonObject;

/** A tool as the model is told of it: name, description and the JSON Schema of its arguments. */
public record ToolDefinition(String name, String description, JsonObject parameters) {

    /** The {@code {type: function, function: {...}}} object both Ollama and OpenAI take in {@code tools}. */
    public JsonObject asFunction() {
        JsonObject function = new JsonObject().put("name", name).put("parameters", parameters);
        if (description != null) {
            function.put("description", description);
        }
        return new JsonObject().put("type", "function").put("function", function);
    }
}
