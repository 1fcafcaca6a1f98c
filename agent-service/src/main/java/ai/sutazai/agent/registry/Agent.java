package ai.sutazai.agent.registry;

import java.time.Instant;
import java.util.List;

/**
 * A registered agent as the service uses it. It holds the API key of an {@code openai} agent (the
 * bearer token of an {@code a2a} one), which only backends read: {@link #toString()} masks it and
 * {@link AgentView} leaves it out. {@code a2a} is set for {@code a2a} agents only. {@code tools} are the
 * patterns of the tools it may use (empty: none).
 */
public record Agent(String id, String name, String description, AgentKind kind, List<String> capabilities,
        String model, String systemPrompt, GenerationOptions options, int maxConcurrency, boolean enabled,
        int recallMemories, String baseUrl, String apiKey, A2aEndpoint a2a, String origin, long version,
        Instant createdAt, Instant updatedAt, List<String> tools) {

    /** An agent without tools. */
    public Agent(String id, String name, String description, AgentKind kind, List<String> capabilities,
            String model, String systemPrompt, GenerationOptions options, int maxConcurrency, boolean enabled,
            int recallMemories, String baseUrl, String apiKey, A2aEndpoint a2a, String origin, long version,
            Instant createdAt, Instant updatedAt) {
        this(id, name, description, kind, capabilities, model, systemPrompt, options, maxConcurrency, enabled,
                recallMemories, baseUrl, apiKey, a2a, origin, version, createdAt, updatedAt, List.of());
    }

    /** Written by a seed file and unchanged since. */
    public static final String ORIGIN_SEED = "seed";
    /** Created or changed by an admin: seeds leave it alone. */
    public static final String ORIGIN_ADMIN = "admin";

    /** The model this agent asks for: its own, or for a platform persona without one, {@code defaultModel}. */
    public String modelOr(String defaultModel) {
        return model != null ? model : kind == AgentKind.LLM ? defaultModel : null;
    }

    @Override
    public String toString() {
        return "Agent[id=" + id + ", kind=" + kind + ", model=" + model + ", enabled=" + enabled + ", baseUrl="
                + baseUrl + ", apiKey=" + (apiKey == null ? "unset" : "***") + (a2a == null ? "" : ", a2a=" + a2a)
                + ", version=" + version + "]";
    }
}
