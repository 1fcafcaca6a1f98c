package ai.sutazai.agent.llm;

import jakarta.enterprise.context.ApplicationScoped;

import ai.sutazai.agent.AgentConfig;

/** The platform's own LLM backend (LLM_PROVIDER), fixed at start: where it is and which dialect it speaks. */
@ApplicationScoped
public class PlatformBackend {

    /** {@code LLM_PROVIDER} for Ollama's native API. */
    public static final String OLLAMA = "ollama";
    /** {@code LLM_PROVIDER} for an OpenAI-compatible server. */
    public static final String OPENAI = "openai";

    private final boolean openAi;
    private final Endpoint endpoint;
    private final ChatDialect dialect;

    public PlatformBackend(AgentConfig config) {
        AgentConfig.Llm llm = config.llm();
        this.openAi = OPENAI.equals(llm.provider());
        this.endpoint = openAi
                ? new Endpoint(llm.openaiBaseUrl().orElse("").replaceAll("/+$", ""), llm.openaiApiKey().orElse(null),
                        "the platform's OpenAI-compatible backend")
                : new Endpoint(llm.ollamaBaseUrl().replaceAll("/+$", ""), null, "the platform's Ollama backend");
        this.dialect = openAi ? new OpenAiDialect() : new OllamaDialect();
    }

    /** Whether it is an OpenAI-compatible server (else Ollama). */
    public boolean isOpenAi() {
        return openAi;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    ChatDialect dialect() {
        return dialect;
    }
}
