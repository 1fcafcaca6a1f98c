package ai.sutazai.agent.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.commons.database.MigrationsCompleted;
import ai.sutazai.commons.hashing.Sha256;

/**
 * Seeds the registry once the schema exists: the bundled personas, then the agents of
 * {@code AGENTS_SEED_FILE} (which win over a bundled agent of the same id).
 */
@ApplicationScoped
public class AgentSeeder {

    static final String BUNDLED = "agents/personas.yaml";
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final AgentRepository agents;
    private final Validator validator;
    private final AgentConfig config;

    public AgentSeeder(AgentRepository agents, Validator validator, AgentConfig config) {
        this.agents = agents;
        this.validator = validator;
        this.config = config;
    }

    void onMigrated(@ObservesAsync MigrationsCompleted migrated) {
        List<AgentDefinition> definitions = definitions();
        Multi.createFrom().iterable(definitions)
                .onItem().transformToUniAndConcatenate(definition -> agents
                        .seed(AgentRegistry.toAgent(definition, Agent.ORIGIN_SEED), digest(definition))
                        .invoke(outcome -> log(definition.id(), outcome)))
                .collect().asList()
                // The database answered a moment ago; a brief hiccup is retried.
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5)).atMost(10)
                .subscribe().with(done -> Log.infof("Agent registry seeded from %d definitions", definitions.size()),
                        failure -> Log.errorf(failure, "Seeding the agent registry failed"));
    }

    // The start-up check has refused a bad AGENTS_SEED_FILE already; the bundled file is tested.
    private List<AgentDefinition> definitions() {
        Map<String, AgentDefinition> byId = new LinkedHashMap<>();
        try (InputStream bundled = Thread.currentThread().getContextClassLoader().getResourceAsStream(BUNDLED)) {
            read(bundled, BUNDLED).forEach(definition -> byId.put(definition.id(), definition));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.seed().file().map(Path::of).ifPresent(file -> {
            try (InputStream extra = Files.newInputStream(file)) {
                read(extra, file.toString()).forEach(definition -> byId.put(definition.id(), definition));
            } catch (IOException e) {
                Log.errorf("AGENTS_SEED_FILE %s cannot be read, so its agents are not seeded: %s", file, e.getMessage());
            }
        });
        return new ArrayList<>(byId.values());
    }

    private List<AgentDefinition> read(InputStream in, String source) {
        SeedFile.Result result = SeedFile.read(in, validator);
        result.problems().forEach(problem -> Log.errorf("Seed file %s: %s", source, problem));
        return result.agents();
    }

    private static void log(String id, AgentRepository.SeedOutcome outcome) {
        switch (outcome) {
            case CREATED -> Log.infof("Seeded agent %s", id);
            case UPDATED -> Log.infof("Updated seeded agent %s to its new definition", id);
            case KEPT_ADMINS -> Log.debugf("Agent %s was changed or removed by an admin; its seed is not applied", id);
            case UNCHANGED -> Log.debugf("Agent %s is seeded already", id);
        }
    }

    static String digest(AgentDefinition definition) {
        try {
            return Sha256.hex(CANONICAL.writeValueAsString(definition));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an agent definition always serialises", e);
        }
    }
}
