package ai.sutazai.agent.tools;

import ai.sutazai.agent.llm.ToolCall;

/**
 * How one tool call went: the call, whether it is an error (refused, invalid arguments, failed,
 * timed out, unavailable — the model is told which), the text the model gets (already cut to
 * size), and how long it took.
 */
public record ToolOutcome(ToolCall call, boolean error, String content, long durationMs) {
}
