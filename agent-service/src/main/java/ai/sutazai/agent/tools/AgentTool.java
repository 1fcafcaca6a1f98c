package ai.sutazai.agent.tools;

import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.llm.ToolDefinition;

/**
 * A tool an agent may use: its name as the model sees it, what it does, the JSON Schema of its
 * arguments, and where it runs — an MCP server's tool through the bridge ({@code bridge} set), or
 * one of the built-in tools ({@code bridge} null).
 */
public record AgentTool(String name, String description, JsonObject inputSchema, BridgeTool bridge) {

    /** How the model is told of it. */
    public ToolDefinition definition() {
        return new ToolDefinition(name, description, inputSchema);
    }

    /** Whether it runs through the MCP bridge. */
    public boolean viaBridge() {
        return bridge != null;
    }
}
