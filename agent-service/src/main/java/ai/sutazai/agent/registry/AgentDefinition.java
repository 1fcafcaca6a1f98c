package ai.sutazai.agent.registry;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An agent as an admin (or a seed file) writes it: the body of {@code POST} and {@code PUT
 * /api/v1/agents}. Rules that depend on the kind are checked by {@link AgentRegistry}.
 */
public record AgentDefinition(
        @Pattern(regexp = ID, message = ID_MESSAGE) String id,
        @NotBlank @Size(max = 100) String name,
        @Size(max = 2000) String description,
        @NotNull AgentKind kind,
        @Size(max = 50) List<@NotNull @Pattern(regexp = WORD, message = WORD_MESSAGE) String> capabilities,
        @Size(max = 200) @Pattern(regexp = "\\S+", message = "must not contain spaces") String model,
        @Size(max = 20_000) String systemPrompt,
        @Valid GenerationOptions options,
        @Min(1) @Max(256) Integer maxConcurrency,
        Boolean enabled,
        @Min(0) @Max(20) Integer recallMemories,
        @Valid Connection connection,
        // Left out when empty, so seed digests of agents without tools stay as they were.
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @Size(max = 100) List<@NotNull @Pattern(regexp = TOOL_PATTERN, message = TOOL_PATTERN_MESSAGE) String> tools) {

    /** A definition without tools. */
    public AgentDefinition(String id, String name, String description, AgentKind kind, List<String> capabilities,
            String model, String systemPrompt, GenerationOptions options, Integer maxConcurrency, Boolean enabled,
            Integer recallMemories, Connection connection) {
        this(id, name, description, kind, capabilities, model, systemPrompt, options, maxConcurrency, enabled,
                recallMemories, connection, null);
    }

    /** A tool name or a pattern of them: letters, digits, '_', '-', '.', and '*' for any run of characters. */
    public static final String TOOL_PATTERN = "[A-Za-z0-9_.*-]{1,128}";
    public static final String TOOL_PATTERN_MESSAGE = "must be a tool name or pattern: letters, digits, '_', '-', '.'"
            + " and '*' (at most 128)";

    /** An agent id: a lower-case slug, as in URLs and as the OpenAI-compatible {@code model}. */
    public static final String ID = "[a-z0-9][a-z0-9-]{0,62}";
    public static final String ID_MESSAGE = "must be 1-63 lower-case letters, digits or '-', starting with a letter or digit";
    public static final String WORD = "[a-z0-9][a-z0-9-]{0,39}";
    public static final String WORD_MESSAGE = "must be a lower-case word of letters, digits or '-' (at most 40)";
    static final String VERSION = "\\d{1,3}(\\.\\d{1,3}){0,2}";
    static final String VERSION_MESSAGE = "must be a protocol version such as 1.0 or 0.3.0";
    /** Concurrent chats per agent when the definition does not say. */
    public static final int DEFAULT_MAX_CONCURRENCY = 4;

    /**
     * Where an agent of kind {@code openai}, {@code http} or {@code a2a} is reached. {@code apiKey}
     * (an {@code a2a} agent's bearer token) is write-only: never answered or logged; left out of a
     * PUT it keeps the stored key, {@code ""} removes it. {@code rpcUrl}, {@code protocolVersion}
     * and {@code streaming} are an {@code a2a} agent's JSON-RPC interface, as its card gave them.
     */
    public record Connection(
            @Size(max = 2000) String baseUrl,
            @Size(max = 4000) String apiKey,
            // Left out when unset, so seed digests of the other kinds stay as they were.
            @JsonInclude(JsonInclude.Include.NON_NULL) @Size(max = 2000) String rpcUrl,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Size(max = 20)
            @Pattern(regexp = VERSION, message = VERSION_MESSAGE) String protocolVersion,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean streaming) {

        /** Where an agent of kind {@code openai} or {@code http} is reached. */
        public Connection(String baseUrl, String apiKey) {
            this(baseUrl, apiKey, null, null, null);
        }

        @Override
        public String toString() {
            return "Connection[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "unset" : "***")
                    + (rpcUrl == null ? "" : ", rpcUrl=" + rpcUrl + ", protocolVersion=" + protocolVersion) + "]";
        }
    }

    /** This definition under the given id (the path's, for a PUT). */
    AgentDefinition withId(String newId) {
        return new AgentDefinition(newId, name, description, kind, capabilities, model, systemPrompt, options,
                maxConcurrency, enabled, recallMemories, connection, tools);
    }
}
