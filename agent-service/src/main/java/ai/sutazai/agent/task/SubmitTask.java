package ai.sutazai.agent.task;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

import ai.sutazai.agent.registry.AgentDefinition;

/**
 * A task to run: for an agent ({@code agentId}) or any enabled, healthy agent with a capability;
 * {@code input} is a text or a list of {@code {role, content}} messages ending with the user's.
 * Higher priorities (0–9) run first; {@code runAt} delays the start. {@code contextId} groups
 * related tasks (A2A's context); the task shows it back.
 */
public record SubmitTask(
        @Pattern(regexp = AgentDefinition.ID, message = AgentDefinition.ID_MESSAGE) String agentId,
        @Pattern(regexp = AgentDefinition.WORD, message = AgentDefinition.WORD_MESSAGE) String capability,
        @NotNull JsonNode input,
        @Min(0) @Max(9) Integer priority,
        Instant runAt,
        @Min(1) @Max(25) Integer maxAttempts,
        UUID parentId,
        @Size(max = 200) String contextId) {
}
