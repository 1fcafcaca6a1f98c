package ai.sutazai.agent.tools;

import java.util.UUID;

import ai.sutazai.agent.memory.Caller;
import ai.sutazai.agent.registry.Agent;

/** Who a tool call is made for and from where: the caller (whose rights it has), the agent, and its task if any. */
public record ToolContext(Caller caller, Agent agent, UUID taskId) {
}
