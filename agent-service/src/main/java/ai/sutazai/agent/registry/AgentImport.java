package ai.sutazai.agent.registry;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/v1/agents/import}: where a remote A2A agent's card is, and what to
 * set instead of the card's own values. {@code apiKey} is the bearer token the agent expects.
 */
public record AgentImport(
        @NotBlank @Size(max = 2000) String baseUrl,
        @Pattern(regexp = AgentDefinition.ID, message = AgentDefinition.ID_MESSAGE) String id,
        @Size(max = 100) String name,
        Boolean enabled,
        @Min(1) @Max(256) Integer maxConcurrency,
        @Size(max = 4000) String apiKey) {

    @Override
    public String toString() {
        return "AgentImport[baseUrl=" + baseUrl + ", id=" + id + ", apiKey=" + (apiKey == null ? "unset" : "***") + "]";
    }
}
