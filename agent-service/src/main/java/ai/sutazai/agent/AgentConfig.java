package ai.sutazai.agent;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** agent-service settings: the LLM backend, live status checks and chat. */
@ConfigMapping(prefix = "agent")
public interface AgentConfig {

    /** The platform's LLM backend, which serves the {@code llm} personas and the model list. */
    Llm llm();

    /** The background checks that give each agent its live status. */
    Status status();

    /** Chat turns. */
    Chat chat();

    /** Seeding the registry at first start. */
    Seed seed();

    /** Seeding: the bundled personas, plus the agents of an operator's file. */
    interface Seed {
        /** A seed file (AGENTS_SEED_FILE) of more agents, seeded once each like the bundled ones. */
        Optional<String> file();
    }

    /** The platform's LLM backend and the bounds of every call to an agent's backend. */
    interface Llm {
        /** {@code ollama} (the native API) or {@code openai} (any OpenAI-compatible server). */
        @WithDefault("ollama")
        String provider();

        /** The model of a persona that names none (Ollama reads {@code name} as {@code name:latest}). */
        @WithDefault("tinyllama")
        String defaultModel();

        /** Ollama's native API. */
        @WithDefault("http://localhost:11434")
        String ollamaBaseUrl();

        /** The OpenAI-compatible server's base URL as its SDKs take it, e.g. {@code http://localhost:8000/v1}. */
        Optional<String> openaiBaseUrl();

        /** Its API key, if it needs one; never logged. */
        Optional<String> openaiApiKey();

        /** How long opening a connection to a backend may take. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** How long the first token may take: long enough for a cold model load. */
        @WithDefault("120s")
        Duration firstTokenTimeout();

        /** How long a started answer may pause between two chunks. */
        @WithDefault("60s")
        Duration idleTimeout();

        /** How long a whole answer may take. */
        @WithDefault("10m")
        Duration totalTimeout();
    }

    /** Live status: one check per enabled agent every interval. */
    interface Status {
        /** How often every enabled agent is checked. */
        @WithDefault("15s")
        Duration interval();

        /** How long one check may take before it counts as failed. */
        @WithDefault("5s")
        Duration timeout();

        /** Checks run at once, at most. */
        @WithDefault("8")
        int concurrency();

        /** Failed checks in a row that make an agent down. */
        @WithDefault("3")
        int failureThreshold();

        /** Passed checks in a row that bring a degraded or down agent back to healthy. */
        @WithDefault("2")
        int recoveryThreshold();
    }

    /** Chat turns. */
    interface Chat {
        /** The agent a chat without {@code agentId} goes to. */
        @WithDefault("langchain")
        String defaultAgent();

        /** The longest message content accepted, in characters. */
        @WithDefault("100000")
        int maxMessageLength();

        /** The most messages one request may carry. */
        @WithDefault("200")
        int maxMessages();

        /** How many earlier messages of a conversation go to the model with a new turn. */
        @WithDefault("20")
        int historyMessages();

        /** How long a turn may use an agent's definition as read before (changes by other replicas apply after it). */
        @WithDefault("2s")
        Duration agentCacheTtl();
    }
}
