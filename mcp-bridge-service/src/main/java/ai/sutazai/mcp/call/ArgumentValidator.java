package ai.sutazai.mcp.call;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.quarkus.logging.Log;

import ai.sutazai.commons.problem.Problem;

/**
 * Checks a call's arguments against the tool's {@code inputSchema} before the call leaves the
 * bridge (JSON Schema 2020-12 unless the schema names its dialect), so a caller gets every error at
 * once as a 400 instead of an upstream's first complaint.
 */
@ApplicationScoped
public class ArgumentValidator {

    private final ObjectMapper objectMapper;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    // Keyed by the tool as listed; a refreshed catalogue brings new keys and the old ones fade.
    private final Map<Tool, Optional<Schema>> schemas = Collections.synchronizedMap(new WeakHashMap<>());

    public ArgumentValidator(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    /** What is wrong with {@code arguments} for {@code tool}; empty when they fit its schema. */
    public List<Problem.FieldError> errors(Tool tool, Map<String, Object> arguments) {
        Optional<Schema> schema = schemas.computeIfAbsent(tool, this::compile);
        if (schema.isEmpty()) {
            return List.of();
        }
        JsonNode instance = objectMapper.valueToTree(arguments);
        return schema.get().validate(instance).stream()
                .map(error -> new Problem.FieldError(field(error.getInstanceLocation().toString()),
                        error.getMessage()))
                .toList();
    }

    private Optional<Schema> compile(Tool tool) {
        if (tool.inputSchema() == null) {
            return Optional.empty();
        }
        JsonNode schema = objectMapper.valueToTree(tool.inputSchema());
        // A schema pointing at remote documents would make the bridge fetch URLs an upstream chose.
        if (schema.findValues("$ref").stream().anyMatch(ref -> ref.asText().contains("://"))) {
            Log.warnf("tool %s refers to remote schemas; its arguments are left to the server to check", tool.name());
            return Optional.empty();
        }
        try {
            return Optional.of(registry.getSchema(schema));
        } catch (RuntimeException e) {
            Log.warnf("the inputSchema of tool %s cannot be used (%s); its arguments are left to the server to check",
                    tool.name(), e.getMessage());
            return Optional.empty();
        }
    }

    // A JSON Pointer ("/a/0/b") → "a.0.b"; the root ("") is the arguments object itself.
    private static String field(String location) {
        String path = location.startsWith("/") ? location.substring(1) : location;
        return path.isEmpty() ? "arguments" : path.replace('/', '.');
    }
}
