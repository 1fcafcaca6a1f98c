package ai.sutazai.mcp.aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.modelcontextprotocol.spec.McpSchema;
import io.quarkiverse.mcp.server.AudioContent;
import io.quarkiverse.mcp.server.BlobResourceContents;
import io.quarkiverse.mcp.server.Content;
import io.quarkiverse.mcp.server.EmbeddedResource;
import io.quarkiverse.mcp.server.ImageContent;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.quarkiverse.mcp.server.ResourceLink;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.TextResourceContents;
import io.quarkiverse.mcp.server.ToolManager;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.mcp.aggregate.ExposedNames.Upstream;
import ai.sutazai.mcp.call.CallRecorder;
import ai.sutazai.mcp.call.McpOperations;
import ai.sutazai.mcp.call.ToolCallResult;
import ai.sutazai.mcp.server.UpstreamServer;
import ai.sutazai.mcp.server.UpstreamServers;

/**
 * Offers the tools of every serving server on the bridge's own MCP endpoint ({@code /mcp}), as
 * {@code <server>__<tool>} (see {@link ExposedNames}), registered programmatically with the
 * Quarkus MCP server's {@link ToolManager}. The set follows the servers: a server that becomes ready,
 * stops serving or changes its list changes the set, and connected clients get
 * {@code notifications/tools/list_changed}. Calls take the same path as the REST API: schema check,
 * timeout, breaker, concurrency cap, audit and metrics.
 */
@ApplicationScoped
public class AggregatedTools {

    private final ToolManager tools;
    private final UpstreamServers servers;
    private final McpOperations operations;
    private final CurrentIdentityAssociation identity;
    // What is registered now, by exposed name; changed only in sync().
    private final Map<String, McpSchema.Tool> registered = new HashMap<>();

    public AggregatedTools(ToolManager tools, UpstreamServers servers, McpOperations operations,
            CurrentIdentityAssociation identity) {
        this.tools = tools;
        this.servers = servers;
        this.operations = operations;
        this.identity = identity;
    }

    void start(@Observes StartupEvent event) {
        servers.onChange(this::sync);
        sync();
    }

    /** Brings the registered tools in line with what the serving servers offer now. */
    synchronized void sync() {
        Map<Upstream, McpSchema.Tool> offered = new LinkedHashMap<>();
        for (UpstreamServer server : servers.all()) {
            UpstreamServer.Snapshot snapshot = server.snapshot();
            if (snapshot.state().serves()) {
                snapshot.catalogue().tools().forEach(tool -> offered.put(new Upstream(server.name(), tool.name()), tool));
            }
        }
        Map<Upstream, String> names = ExposedNames.of(offered.keySet());
        Map<String, Map.Entry<Upstream, McpSchema.Tool>> wanted = new HashMap<>();
        names.forEach((upstream, name) -> wanted.put(name, Map.entry(upstream, offered.get(upstream))));

        List<String> removed = new ArrayList<>();
        for (String name : List.copyOf(registered.keySet())) {
            var want = wanted.get(name);
            if (want == null || !Objects.equals(want.getValue(), registered.get(name))) {
                tools.removeTool(name);
                registered.remove(name);
                removed.add(name);
            }
        }
        int added = 0;
        for (var entry : wanted.entrySet()) {
            if (!registered.containsKey(entry.getKey())) {
                register(entry.getKey(), entry.getValue().getKey(), entry.getValue().getValue());
                added++;
            }
        }
        if (added > 0 || !removed.isEmpty()) {
            Log.infof("/mcp offers %d tools (%d added, %d removed)", registered.size(), added, removed.size());
        }
    }

    private void register(String name, Upstream upstream, McpSchema.Tool tool) {
        ToolManager.ToolDefinition definition = tools.newTool(name)
                .setDescription(tool.description() != null ? tool.description()
                        : "Tool " + tool.name() + " of MCP server " + upstream.server() + ".")
                .setInputSchema(tool.inputSchema() != null ? tool.inputSchema() : Map.of("type", "object"))
                .setAsyncHandler(arguments -> call(upstream, arguments.args()));
        if (tool.title() != null) {
            definition.setTitle(tool.title());
        }
        if (tool.outputSchema() != null) {
            definition.setOutputSchema(tool.outputSchema());
        }
        definition.register();
        registered.put(name, tool);
    }

    private Uni<ToolResponse> call(Upstream upstream, Map<String, Object> arguments) {
        CallRecorder.Caller caller = new CallRecorder.Caller(subject(), "mcp");
        return operations.callTool(caller, upstream.server(), upstream.name(), arguments == null ? Map.of() : arguments)
                .map(AggregatedTools::response)
                .onFailure(ProblemException.class).recoverWithItem(failure -> failed((ProblemException) failure));
    }

    // A tool the caller may not use, or that is gone, is a protocol error; everything else that went wrong
    // is a tool result with isError, which the calling model can read and act on (SEP-1303).
    private static ToolResponse failed(ProblemException problem) {
        return switch (problem.type()) {
            case NOT_FOUND, FORBIDDEN -> throw new McpException(problem.getMessage(), JsonRpcErrorCodes.INVALID_PARAMS);
            default -> ToolResponse.error(problem.getMessage());
        };
    }

    private String subject() {
        SecurityIdentity current = identity.getIdentity();
        return current == null || current.isAnonymous() ? "anonymous" : current.getPrincipal().getName();
    }

    private static ToolResponse response(ToolCallResult result) {
        List<Content> content = new ArrayList<>();
        for (McpSchema.Content item : result.content()) {
            content.add(content(item));
        }
        return new ToolResponse(result.isError(), content, result.structuredContent(), null);
    }

    private static Content content(McpSchema.Content item) {
        if (item instanceof McpSchema.TextContent text) {
            return new TextContent(text.text());
        }
        if (item instanceof McpSchema.ImageContent image) {
            return new ImageContent(image.data(), image.mimeType());
        }
        if (item instanceof McpSchema.AudioContent audio) {
            return new AudioContent(audio.data(), audio.mimeType());
        }
        if (item instanceof McpSchema.ResourceLink link) {
            return new ResourceLink(link.uri(), link.mimeType(), link.name(), link.title(), link.description(),
                    link.size() == null ? null : (int) Math.min(Integer.MAX_VALUE, link.size()), null, null);
        }
        if (item instanceof McpSchema.EmbeddedResource embedded) {
            if (embedded.resource() instanceof McpSchema.TextResourceContents text) {
                return new EmbeddedResource(new TextResourceContents(text.uri(), text.text(), text.mimeType()));
            }
            if (embedded.resource() instanceof McpSchema.BlobResourceContents blob) {
                return new EmbeddedResource(new BlobResourceContents(blob.uri(), blob.blob(), blob.mimeType()));
            }
        }
        return new TextContent(String.valueOf(item));
    }
}
