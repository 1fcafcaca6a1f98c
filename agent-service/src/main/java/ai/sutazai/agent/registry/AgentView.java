package ai.sutazai.agent.registry;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An agent as the API shows it, with its live status. Connection settings appear without the
 * API key, which is only said to be set or not.
 */
public record AgentView(String id, String name, String description, AgentKind kind, List<String> capabilities,
        String model, String effectiveModel, String systemPrompt, GenerationOptions options, int maxConcurrency,
        boolean enabled, int recallMemories, @JsonInclude(JsonInclude.Include.NON_NULL) ConnectionView connection,
        String origin, long version, Instant createdAt, Instant updatedAt, LiveStatus.State status, Long latencyMs,
        Instant lastCheckedAt, String lastError, List<String> tools) {

    /**
     * Where a remote agent is reached; its API key only as whether one is stored; for an
     * {@code a2a} agent also its JSON-RPC interface.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConnectionView(String baseUrl, boolean apiKeySet, String rpcUrl, String protocolVersion,
            Boolean streaming) {
    }

    /** This view without connection settings: only admins see where remote agents live. */
    public AgentView withoutConnection() {
        return connection == null ? this : new AgentView(id, name, description, kind, capabilities, model, effectiveModel,
                systemPrompt, options, maxConcurrency, enabled, recallMemories, null, origin, version, createdAt,
                updatedAt, status, latencyMs, lastCheckedAt, lastError, tools);
    }

    static AgentView of(Agent agent, String defaultModel, LiveStatus status) {
        A2aEndpoint a2a = agent.a2a();
        ConnectionView connection = agent.kind().needsBaseUrl()
                ? new ConnectionView(agent.baseUrl(), agent.apiKey() != null, a2a == null ? null : a2a.rpcUrl(),
                        a2a == null ? null : a2a.protocolVersion(), a2a == null ? null : a2a.streaming())
                : null;
        // A disabled agent is not checked: its last status would be stale, so none is shown.
        LiveStatus shown = agent.enabled() ? status : LiveStatus.UNKNOWN;
        return new AgentView(agent.id(), agent.name(), agent.description(), agent.kind(), agent.capabilities(),
                agent.model(), agent.modelOr(defaultModel), agent.systemPrompt(), agent.options(),
                agent.maxConcurrency(), agent.enabled(), agent.recallMemories(), connection, agent.origin(),
                agent.version(), agent.createdAt(), agent.updatedAt(), shown.state(), shown.latencyMs(),
                shown.lastCheckedAt(), shown.lastError(), agent.tools());
    }
}
