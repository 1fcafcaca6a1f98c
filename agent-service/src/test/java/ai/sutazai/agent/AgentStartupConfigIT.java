package ai.sutazai.agent;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.sutazai.commons.testing.StartupConfigIT;

class AgentStartupConfigIT extends StartupConfigIT {

    @Override
    protected String serviceName() {
        return "agent-service";
    }

    @Override
    protected boolean usesDatabase() {
        return true;
    }

    @Test
    void aSeedFileWithBadAgentsIsRefusedNamingEachOne() throws Exception {
        Path file = workingDirectory.resolve("agents.yaml");
        Files.writeString(file, """
                agents:
                  - id: researcher
                    name: Researcher
                    kind: openai
                  - id: Bad Id
                    name: Bad
                    kind: llm
                """);
        String output = refusedStart(withValidSettings(Map.of("AGENTS_SEED_FILE", file.toString())));
        assertThat(output, startsWith("agent-service cannot start: 1 configuration problem"));
        assertThat(output, containsString("AGENTS_SEED_FILE (" + file + ") agent 1 (\"researcher\"): connection.baseUrl "
                + "is required for kind openai; agent 1 (\"researcher\"): model is required for kind openai; "
                + "agent 2 (\"Bad Id\"): id must be 1-63 lower-case letters"));
        assertThat(output, containsString("or unset AGENTS_SEED_FILE"));
    }

    @Test
    void theLlmSettingsAreCheckedTogether() throws Exception {
        String output = refusedStart(withValidSettings(Map.of("LLM_PROVIDER", "openai", "OLLAMA_BASE_URL", "localhost:11434",
                "MEMORY_SERVICE_ADDRESSES", "memory-service")));
        assertThat(output, startsWith("agent-service cannot start: 3 configuration problems"));
        assertThat(output, containsString("OPENAI_BASE_URL is not set - with LLM_PROVIDER=openai, set it to the "
                + "server's base URL as OpenAI SDKs take it"));
        assertThat(output, containsString("OLLAMA_BASE_URL is \"localhost:11434\"; it must be an absolute http://"));
        assertThat(output, containsString("MEMORY_SERVICE_ADDRESSES is \"memory-service\"; it must be a comma-separated "
                + "list of host:port"));
        assertThat(refusedStart(withValidSettings(Map.of("LLM_PROVIDER", "llamacpp"))),
                containsString("LLM_PROVIDER is \"llamacpp\"; it must be one of ollama, openai"));
    }
}
