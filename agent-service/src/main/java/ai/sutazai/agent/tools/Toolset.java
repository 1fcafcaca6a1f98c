package ai.sutazai.agent.tools;

import java.util.List;
import java.util.Map;

import ai.sutazai.agent.llm.ToolDefinition;

/**
 * The tools one turn of an agent may use, by the name the model sees, and what the client and the
 * model should know about those that are missing (the bridge could not be reached).
 */
public record Toolset(Map<String, AgentTool> tools, List<String> warnings) {

    /** No tools: the agent answers as it did before tools existed. */
    public static final Toolset NONE = new Toolset(Map.of(), List.of());

    /** Whether there is nothing to offer the model. */
    public boolean isEmpty() {
        return tools.isEmpty();
    }

    /** The tools as the model is told of them, in name order. */
    public List<ToolDefinition> definitions() {
        return tools.values().stream().map(AgentTool::definition).toList();
    }
}
