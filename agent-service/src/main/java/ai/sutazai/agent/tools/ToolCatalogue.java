package ai.sutazai.agent.tools;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.agent.registry.Agent;

/**
 * Which tools an agent may use now: the built-in tools and the MCP bridge's tools that its
 * {@code tools} patterns name. The bridge's list is read at most once per {@code catalogue-ttl}
 * (10 s) for all turns, so a server the bridge adds or drops shows within that time (and at the
 * next turn when a model asks for an MCP tool the list does not have); a bridge that
 * cannot be reached leaves the agent its built-in tools and a warning that says so.
 */
@ApplicationScoped
public class ToolCatalogue {

    private record Listing(long readAt, List<BridgeTool> tools) {
    }

    private final McpBridgeClient bridge;
    private final BuiltinTools builtins;
    private final long ttlNanos;
    private final AtomicReference<Listing> listing = new AtomicReference<>();
    // One read of the bridge at a time: turns that start together share it.
    private final AtomicReference<Uni<List<BridgeTool>>> reading = new AtomicReference<>();

    public ToolCatalogue(McpBridgeClient bridge, BuiltinTools builtins, AgentConfig config) {
        this.bridge = bridge;
        this.builtins = builtins;
        this.ttlNanos = config.tools().catalogueTtl().toNanos();
    }

    /** The tools {@code agent} may use for a turn starting now. */
    public Uni<Toolset> forAgent(Agent agent) {
        if (agent.tools().isEmpty() || !agent.kind().callsTools()) {
            return Uni.createFrom().item(Toolset.NONE);
        }
        ToolPatterns patterns = new ToolPatterns(agent.tools(), builtins.names());
        Map<String, AgentTool> allowed = new TreeMap<>();
        builtins.all().stream().filter(tool -> patterns.matches(tool.name())).forEach(tool -> allowed.put(tool.name(), tool));
        if (!patterns.needsBridge()) {
            return Uni.createFrom().item(new Toolset(Map.copyOf(allowed), List.of()));
        }
        return bridgeTools().map(listed -> {
            for (BridgeTool tool : listed) {
                if (patterns.matches(tool.exposedName()) && !allowed.containsKey(tool.exposedName())) {
                    allowed.put(tool.exposedName(), asTool(tool));
                }
            }
            return new Toolset(Collections.unmodifiableMap(allowed), List.<String>of());
        }).onFailure().recoverWithItem(failure -> {
            Log.debugf("The MCP bridge's tools could not be read for %s: %s", agent.id(), failure.getMessage());
            return new Toolset(Collections.unmodifiableMap(allowed), List.of("The MCP bridge cannot be "
                    + "reached, so agent " + agent.id() + "'s MCP tools (" + String.join(", ", agent.tools())
                    + ") are unavailable for this turn."));
        });
    }

    /** Forgets the bridge's list, so the next turn reads it again. */
    public void refresh() {
        listing.set(null);
    }

    private Uni<List<BridgeTool>> bridgeTools() {
        Listing known = listing.get();
        if (known != null && System.nanoTime() - known.readAt() < ttlNanos) {
            return Uni.createFrom().item(known.tools());
        }
        return reading.updateAndGet(current -> current != null ? current
                : bridge.tools().invoke(tools -> listing.set(new Listing(System.nanoTime(), tools)))
                        .onTermination().invoke(() -> reading.set(null)).memoize().indefinitely());
    }

    private static AgentTool asTool(BridgeTool tool) {
        JsonObject schema = tool.inputSchema() == null ? new JsonObject().put("type", "object")
                : new JsonObject(tool.inputSchema());
        String description = tool.description() != null ? tool.description() : tool.title();
        return new AgentTool(tool.exposedName(), description, schema, tool);
    }
}
