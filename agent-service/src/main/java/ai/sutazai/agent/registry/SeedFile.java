package ai.sutazai.agent.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import ai.sutazai.commons.problem.ProblemException;

/**
 * A seed file: YAML (or JSON) with a top-level {@code agents} list of agent definitions, as the
 * bundled {@code agents/personas.yaml}. Every entry is checked like a {@code POST}, and all problems
 * are reported together.
 */
public final class SeedFile {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SeedFile() {
    }

    /** The entries of a seed file, or the problems that make it unusable. */
    public record Result(List<AgentDefinition> agents, List<String> problems) {
    }

    /**
     * What is wrong with the seed file at {@code path}, if anything: for the start-up check, which
     * runs before the service's own validator exists.
     */
    public static Optional<String> problems(Path path) {
        ValidatorFactory factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
        try (InputStream in = Files.newInputStream(path)) {
            List<String> problems = read(in, factory.getValidator()).problems();
            return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
        } catch (IOException e) {
            return Optional.of("cannot be read: " + e.getMessage());
        } finally {
            factory.close();
        }
    }

    /** Reads and checks a seed file. */
    public static Result read(InputStream in, Validator validator) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (IOException e) {
            return failed(e instanceof JsonProcessingException json ? "is not valid YAML or JSON: "
                    + json.getOriginalMessage() + where(json) : "cannot be read: " + e.getMessage());
        }
        JsonNode entries = root == null ? null : root.get("agents");
        if (entries == null || !entries.isArray()) {
            return failed("must hold a top-level \"agents\" list");
        }
        List<AgentDefinition> agents = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String label = "agent " + (i + 1) + (entry.hasNonNull("id") ? " (\"" + entry.get("id").asText() + "\")" : "");
            List<String> faults = check(entry, validator, agents);
            if (faults.isEmpty() && !ids.add(agents.get(agents.size() - 1).id())) {
                faults = List.of("its id is used by an earlier entry");
            }
            faults.forEach(fault -> problems.add(label + ": " + fault));
        }
        return new Result(problems.isEmpty() ? List.copyOf(agents) : List.of(), List.copyOf(problems));
    }

    // The entry's faults; when there are none it is appended to agents.
    private static List<String> check(JsonNode entry, Validator validator, List<AgentDefinition> agents) {
        AgentDefinition definition;
        try {
            definition = YAML.treeToValue(entry, AgentDefinition.class);
        } catch (UnrecognizedPropertyException e) {
            return List.of("\"" + e.getPropertyName() + "\" is not a setting of an agent");
        } catch (JsonProcessingException e) {
            return List.of(e.getOriginalMessage());
        }
        List<String> faults = new ArrayList<>();
        if (definition.id() == null) {
            faults.add("id must not be blank");
        }
        validator.validate(definition).stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(SeedFile::describe).forEach(faults::add);
        if (faults.isEmpty()) {
            try {
                AgentRegistry.toAgent(definition, Agent.ORIGIN_SEED);
            } catch (ProblemException e) {
                e.errors().forEach(error -> faults.add(error.field() + " " + error.message()));
            }
        }
        if (faults.isEmpty()) {
            agents.add(definition);
        }
        return faults;
    }

    private static String describe(ConstraintViolation<AgentDefinition> violation) {
        return violation.getPropertyPath() + " " + violation.getMessage();
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    private static Result failed(String problem) {
        return new Result(List.of(), List.of(problem));
    }
}
