package ai.sutazai.agent;

import io.quarkus.runtime.annotations.QuarkusMain;

import ai.sutazai.agent.llm.PlatformBackend;
import ai.sutazai.agent.registry.SeedFile;
import ai.sutazai.commons.config.ServiceLauncher;

/** Starts agent-service once its settings have been checked. */
@QuarkusMain
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String... args) {
        ServiceLauncher.checkConfigThenRun("agent-service", args, check -> check.jwt().postgres().redis().common()
                .calls("memory-service")
                .oneOf("LLM_PROVIDER", PlatformBackend.OLLAMA, PlatformBackend.OPENAI)
                .httpUrl("OLLAMA_BASE_URL")
                .httpUrl("OPENAI_BASE_URL")
                .requiredWhen("OPENAI_BASE_URL", "LLM_PROVIDER", PlatformBackend.OPENAI,
                        "set it to the server's base URL as OpenAI SDKs take it, e.g. OPENAI_BASE_URL=http://localhost:8000/v1")
                .file("AGENTS_SEED_FILE", SeedFile::problems,
                        "mend the entries named (the format is agent-service/src/main/resources/agents/personas.yaml), "
                                + "or unset AGENTS_SEED_FILE"));
    }
}
