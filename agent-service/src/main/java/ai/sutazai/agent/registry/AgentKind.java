package ai.sutazai.agent.registry;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How an agent is reached. Each kind states what its connection needs, so a new kind adds a
 * constant here and a backend, and the registry's validation follows.
 */
public enum AgentKind {
    /** A persona served by the platform's own LLM backend (LLM_PROVIDER); no connection settings. */
    LLM(false, false),
    /** Its own OpenAI-compatible server: {@code connection.baseUrl} (the SDK base URL) and a write-only API key. */
    OPENAI(true, true),
    /** An external agent with the old platform's contract: {@code GET /health}, {@code POST /chat}. */
    HTTP(true, false),
    /**
     * A remote agent speaking Agent2Agent (v1.0 or v0.3) over JSON-RPC: {@code connection.baseUrl}
     * (where its card is), the card's JSON-RPC {@code rpcUrl} and {@code protocolVersion}, and a
     * write-only bearer token; imported from its card by {@code POST /api/v1/agents/import}.
     */
    A2A(true, false);

    private final boolean needsBaseUrl;
    private final boolean needsModel;

    AgentKind(boolean needsBaseUrl, boolean needsModel) {
        this.needsBaseUrl = needsBaseUrl;
        this.needsModel = needsModel;
    }

    /** Whether agents of this kind are reached at a {@code connection.baseUrl} of their own. */
    public boolean needsBaseUrl() {
        return needsBaseUrl;
    }

    /** Whether an agent of this kind must name its model (the platform default cannot apply). */
    public boolean needsModel() {
        return needsModel;
    }

    /** Whether an API key may be stored for agents of this kind. */
    public boolean takesApiKey() {
        return this == OPENAI || this == A2A;
    }

    /** Whether agents of this kind are given tools: their backends speak Ollama's or OpenAI's tool calls. */
    public boolean callsTools() {
        return this == LLM || this == OPENAI;
    }

    /** The wire name: {@code llm}, {@code openai}, {@code http}, {@code a2a}. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
