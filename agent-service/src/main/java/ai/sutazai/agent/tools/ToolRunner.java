package ai.sutazai.agent.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;

import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.agent.llm.ToolCall;
import ai.sutazai.agent.memory.MemoryRefusedException;

/**
 * Runs one tool call the model asked for, and never fails: whatever goes wrong becomes a tool
 * error the model reads and can act on. In order: the tool must be one of the agent's (else
 * refused), its arguments within the size limit, a JSON object, and valid against the tool's
 * input schema (JSON Schema 2020-12 unless the schema names its dialect; every error at once);
 * then it runs (MCP tools through the bridge, acting for the caller and naming the agent) within
 * its timeout, and its result is cut to the size limit with a note saying so.
 */
@ApplicationScoped
public class ToolRunner {

    private static final int MAX_CACHED_SCHEMAS = 2_000;

    private final McpBridgeClient bridge;
    private final BuiltinTools builtins;
    private final ToolCatalogue catalogue;
    private final ObjectMapper json;
    private final AgentConfig.Tools config;
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    // Compiled schemas by their JSON text: the same few tools are called again and again.
    private final Map<String, Optional<Schema>> compiled = new ConcurrentHashMap<>();

    public ToolRunner(McpBridgeClient bridge, BuiltinTools builtins, ToolCatalogue catalogue, ObjectMapper json,
            AgentConfig config) {
        this.catalogue = catalogue;
        this.bridge = bridge;
        this.builtins = builtins;
        this.json = json;
        this.config = config.tools();
    }

    /** Runs {@code call} with the tools of {@code toolset}, within {@code timeout}. */
    public Uni<ToolOutcome> run(ToolContext context, Toolset toolset, ToolCall call, Duration timeout) {
        long started = System.nanoTime();
        AgentTool tool = call.name() == null ? null : toolset.tools().get(call.name());
        if (tool == null) {
            if (call.name() != null && call.name().contains(BridgeTool.SEPARATOR)) {
                // Perhaps a tool the bridge has gained since its list was read: the next turn reads it again.
                catalogue.refresh();
            }
            return done(call, started, true, "Tool " + call.name() + " is not available to agent "
                    + context.agent().id() + "; its tools are: " + String.join(", ", toolset.tools().keySet()) + ".");
        }
        String arguments = call.arguments() == null || call.arguments().isBlank() ? "{}" : call.arguments();
        if (arguments.length() > config.maxArgumentChars()) {
            return done(call, started, true, "The arguments are " + arguments.length() + " characters long; at most "
                    + config.maxArgumentChars() + " are accepted. Send less.");
        }
        JsonObject parsed;
        try {
            parsed = new JsonObject(arguments);
        } catch (DecodeException | ClassCastException e) {
            return done(call, started, true, "The arguments must be a JSON object matching the tool's schema; got: "
                    + clip(arguments, 200));
        }
        List<String> errors = validate(tool, parsed);
        if (!errors.isEmpty()) {
            return done(call, started, true, "The arguments do not match the input schema of " + tool.name() + ": "
                    + String.join("; ", errors) + ". Call it again with valid arguments.");
        }
        Uni<Answer> result;
        try {
            result = tool.viaBridge() ? viaBridge(context, tool, parsed)
                    : builtins.run(context, tool.name(), parsed).map(text -> new Answer(text, false));
        } catch (ToolError e) {
            return done(call, started, true, e.getMessage());
        }
        Duration limit = builtins.waitsForResult(context, tool.name()) ? config.delegateWait() : timeout;
        return result
                .ifNoItem().after(limit).failWith(TimeoutException::new)
                .map(answer -> outcome(call, started, answer.error(), answer.text()))
                .onFailure().recoverWithItem(failure -> outcome(call, started, true, failureText(tool, failure, limit)));
    }

    // A tool's result text, and whether the tool itself says it failed (MCP isError).
    private record Answer(String text, boolean error) {
    }

    private Uni<Answer> viaBridge(ToolContext context, AgentTool tool, JsonObject arguments) {
        return bridge.call(context.caller(), context.agent().id(), tool.bridge().server(), tool.bridge().name(),
                arguments.getMap()).map(answer -> new Answer(text(answer), answer.isError()));
    }

    // MCP content as the model reads it: text parts as they are, other parts described, structured content as JSON.
    private String text(McpBridgeRestClient.CallAnswer answer) {
        StringBuilder text = new StringBuilder();
        if (answer.content() != null) {
            for (Map<String, Object> part : answer.content()) {
                if (text.length() > 0) {
                    text.append('\n');
                }
                Object type = part.get("type");
                if ("text".equals(type)) {
                    text.append(part.get("text"));
                } else if ("image".equals(type) || "audio".equals(type)) {
                    Object data = part.get("data");
                    text.append('[').append(type).append(' ').append(part.get("mimeType")).append(", ")
                            .append(data == null ? 0 : data.toString().length() * 3 / 4).append(" bytes, not shown]");
                } else {
                    text.append(new JsonObject(part).encode());
                }
            }
        }
        if (text.length() == 0 && answer.structuredContent() != null) {
            text.append(io.vertx.core.json.Json.encode(answer.structuredContent()));
        }
        return text.toString();
    }

    private static String failureText(AgentTool tool, Throwable failure, Duration timeout) {
        if (failure instanceof TimeoutException) {
            return "Tool " + tool.name() + " did not answer within " + timeout.toMillis() + " ms (timed out).";
        }
        if (failure instanceof ToolError error) {
            return error.getMessage();
        }
        if (failure instanceof McpCallRefusedException refused) {
            return "Tool " + tool.name() + " refused the call: " + refused.getMessage();
        }
        if (failure instanceof MemoryRefusedException refused) {
            return "memory-service refused the call: " + refused.getMessage();
        }
        if (failure instanceof CircuitBreakerOpenException || failure instanceof org.eclipse.microprofile.faulttolerance
                .exceptions.TimeoutException || failure instanceof java.net.ConnectException
                || failure.getCause() instanceof java.net.ConnectException) {
            return "Tool " + tool.name() + " is unavailable: " + (tool.viaBridge() ? "the MCP bridge"
                    : "the service behind it") + " cannot be reached right now. Tell the user it could not be used.";
        }
        Log.debugf(failure, "Tool %s failed", tool.name());
        return "Tool " + tool.name() + " failed: " + (tool.viaBridge() ? "the MCP bridge answered " : "")
                + failure.getMessage() + ". It may be unavailable; tell the user if you cannot do without it.";
    }

    private List<String> validate(AgentTool tool, JsonObject arguments) {
        Optional<Schema> schema = compiled.computeIfAbsent(tool.inputSchema().encode(), text -> compile(tool));
        if (compiled.size() > MAX_CACHED_SCHEMAS) {
            compiled.clear();
        }
        if (schema.isEmpty()) {
            return List.of();
        }
        JsonNode instance = json.valueToTree(arguments.getMap());
        List<String> errors = new ArrayList<>();
        schema.get().validate(instance).forEach(error -> {
            String at = error.getInstanceLocation().toString();
            errors.add((at.isEmpty() || at.equals("/") ? "" : at + ": ") + error.getMessage());
        });
        return errors;
    }

    private Optional<Schema> compile(AgentTool tool) {
        JsonNode schema = json.valueToTree(tool.inputSchema().getMap());
        // A schema pointing at remote documents would make agent-service fetch URLs an MCP server chose.
        if (schema.findValues("$ref").stream().anyMatch(ref -> ref.asText().contains("://"))) {
            Log.warnf("tool %s refers to remote schemas; its arguments are left to the bridge to check", tool.name());
            return Optional.empty();
        }
        try {
            return Optional.of(schemas.getSchema(schema));
        } catch (RuntimeException e) {
            Log.warnf("the input schema of tool %s cannot be used (%s); its arguments are left to the bridge to check",
                    tool.name(), e.getMessage());
            return Optional.empty();
        }
    }

    private Uni<ToolOutcome> done(ToolCall call, long started, boolean error, String content) {
        return Uni.createFrom().item(outcome(call, started, error, content));
    }

    private ToolOutcome outcome(ToolCall call, long started, boolean error, String content) {
        String text = content == null ? "" : content;
        int max = config.maxResultChars();
        if (text.length() > max) {
            text = text.substring(0, max) + "\n[The result was cut: it had " + text.length() + " characters, "
                    + max + " are shown.]";
        }
        return new ToolOutcome(call, error, text, (System.nanoTime() - started) / 1_000_000);
    }

    private static String clip(String text, int max) {
        return text.length() > max ? text.substring(0, max) + "..." : text;
    }

}
