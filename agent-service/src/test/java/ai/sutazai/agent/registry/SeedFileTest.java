package ai.sutazai.agent.registry;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed files are checked like admin requests, and every bad entry is named at once. */
class SeedFileTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    @Test
    void theBundledPersonasAreValid() throws IOException {
        try (InputStream bundled = getClass().getClassLoader().getResourceAsStream(AgentSeeder.BUNDLED)) {
            SeedFile.Result result = SeedFile.read(bundled, VALIDATOR);
            assertThat(result.problems(), is(empty()));
            assertThat(result.agents().stream().map(AgentDefinition::id).toList(), contains("letta", "crewai", "aider",
                    "langchain", "finrobot", "shellgpt", "documind", "gpt-engineer"));
        }
    }

    @Test
    void everyBadEntryIsNamedWithWhatIsWrong() {
        SeedFile.Result result = read("""
                agents:
                  - id: good-one
                    name: Good
                    kind: llm
                  - id: Bad Id
                    name: ""
                    kind: llm
                  - id: remote
                    name: Remote
                    kind: openai
                  - id: typo
                    name: Typo
                    kind: llm
                    sytemPrompt: misspelt
                  - id: good-one
                    name: Twice
                    kind: llm
                  - name: No id
                    kind: robot
                """);
        assertThat(result.agents(), is(empty()));
        assertThat(result.problems(), hasSize(7));
        assertThat(result.problems().get(0), is("agent 2 (\"Bad Id\"): id " + AgentDefinition.ID_MESSAGE));
        assertThat(result.problems().get(1), is("agent 2 (\"Bad Id\"): name must not be blank"));
        assertThat(result.problems().get(2), containsString("agent 3 (\"remote\"): connection.baseUrl is required for kind openai"));
        assertThat(result.problems().get(3), is("agent 3 (\"remote\"): model is required for kind openai"));
        assertThat(result.problems().get(4), is("agent 4 (\"typo\"): \"sytemPrompt\" is not a setting of an agent"));
        assertThat(result.problems().get(5), is("agent 5 (\"good-one\"): its id is used by an earlier entry"));
        assertThat(result.problems().get(6), containsString("agent 6: "));
        assertThat(result.problems().get(6), containsString("robot"));
    }

    @Test
    void aFileWithoutAnAgentsListOrNotYamlIsRefused() {
        assertThat(read("personas: []").problems(), contains("must hold a top-level \"agents\" list"));
        assertThat(read("agents: [ {").problems().get(0), containsString("is not valid YAML or JSON"));
    }

    @Test
    void theStartUpCheckReportsTheProblemsOfAFileInOneLine(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("agents.yaml");
        Files.writeString(file, "agents:\n  - id: x\n    kind: llm\n");
        Optional<String> problems = SeedFile.problems(file);
        assertThat(problems, is(Optional.of("agent 1 (\"x\"): name must not be blank")));
    }

    private static SeedFile.Result read(String yaml) {
        return SeedFile.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), VALIDATOR);
    }
}
