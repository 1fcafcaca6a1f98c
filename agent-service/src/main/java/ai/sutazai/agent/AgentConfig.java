package ai.sutazai.agent;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** agent-service settings: the LLM backend, live status checks, chat and tasks. */
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

    /** Durable tasks and the workers that run them. */
    Tasks tasks();

    /** The Agent2Agent (A2A) server. */
    A2a a2a();

    /** Tools: the MCP bridge's and the built-in ones, and the bounds of the tool loop. */
    Tools tools();

    /** The tool loop of a turn, and the tool catalogue it draws from. */
    interface Tools {
        /** Model calls one turn may make when the request names no {@code maxSteps}. */
        @WithDefault("8")
        int maxSteps();

        /** The most steps a request may ask for (the operator's ceiling; a request asking more gets this). */
        @WithDefault("16")
        int maxStepsCeiling();

        /** How long one tool call may take before the model is told it timed out. */
        @WithDefault("30s")
        Duration callTimeout();

        /**
         * How long {@code delegate} inside a task waits for its sub-task's result (instead of the call
         * timeout); a sub-task still running then joins the task's result when it completes.
         */
        @WithDefault("100s")
        Duration delegateWait();

        /** How long all of a turn's tool calls together may take; past it the loop ends. */
        @WithDefault("120s")
        Duration budget();

        /** The operator's ceiling on the budget a request may ask for. */
        @WithDefault("600s")
        Duration budgetCeiling();

        /** Tool calls of one step run at once, at most; the others wait for a free place. */
        @WithDefault("4")
        int parallelCalls();

        /** The longest arguments (JSON text) a tool call may have; longer ones are refused to the model. */
        @WithDefault("32000")
        int maxArgumentChars();

        /** The longest result the model is given; longer ones are cut, with a note saying so. */
        @WithDefault("16000")
        int maxResultChars();

        /** How long the bridge's tool list is used before it is read again. */
        @WithDefault("10s")
        Duration catalogueTtl();
    }

    /** The A2A server: its card and its JSON-RPC endpoint. */
    interface A2a {
        /**
         * The platform's public base URL (A2A_PUBLIC_URL, e.g. the Kong address) that the card's
         * endpoint names; unset, it is read from the request (X-Forwarded-Proto/Host, else Host).
         */
        Optional<String> publicUrl();

        /** How long a blocking SendMessage waits for its task to finish before answering it as it is. */
        @WithDefault("60s")
        Duration blockingTimeout();
    }

    /** Durable tasks: the queue's workers, leases, retries and retention. */
    interface Tasks {
        /** Whether this replica runs tasks (it always takes and shows them). */
        @WithDefault("true")
        boolean workersEnabled();

        /** Tasks this replica runs at once, at most (each agent's maxConcurrency applies on top). */
        @WithDefault("64")
        int workers();

        /** Tasks claimed in one round trip, at most. */
        @WithDefault("32")
        int claimBatch();

        /** How long a claim holds a task without a heartbeat; a dead worker's task is claimed again after it. */
        @WithDefault("30s")
        Duration lease();

        /** How often a worker renews the leases it holds (and hears of cancels from other replicas). */
        @WithDefault("5s")
        Duration heartbeat();

        /** How often an idle worker looks for due tasks when no wake-up hint came. */
        @WithDefault("1s")
        Duration pollInterval();

        /** How often expired leases are looked for. */
        @WithDefault("5s")
        Duration rescueInterval();

        /** Attempts a task gets when it names none. */
        @WithDefault("5")
        int defaultMaxAttempts();

        /** The wait after a first failed attempt; it doubles with each further one, with ±10 % jitter. */
        @WithDefault("2s")
        Duration backoffBase();

        /** The longest wait between two attempts. */
        @WithDefault("10m")
        Duration backoffCap();

        /** How long answer chunks are gathered into one stored event. */
        @WithDefault("100ms")
        Duration chunkInterval();

        /** How long the events of a finished task are kept. */
        @WithDefault("7d")
        Duration eventRetention();

        /** How long an Idempotency-Key names its task. */
        @WithDefault("24h")
        Duration idempotencyWindow();

        /** How long shutdown waits for running tasks before handing them back to the queue. */
        @WithDefault("10s")
        Duration shutdownGrace();
    }

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
