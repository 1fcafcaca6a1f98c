package ai.sutazai.agent.llm;

/**
 * A tool call the model asked for: its id (the backend's, or one made up when the backend gives
 * none, as Ollama may), the tool's name, and the arguments as the JSON text the model wrote (it may
 * not be valid JSON: that is the model's error, reported back to it).
 */
public record ToolCall(String id, String name, String arguments) {
}
