package ai.sutazai.mcp.aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

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
import io.quarkiverse.mcp.server.PromptManager;
import io.quarkiverse.mcp.server.PromptMessage;
import io.quarkiverse.mcp.server.PromptResponse;
import io.quarkiverse.mcp.server.ResourceContents;
import io.quarkiverse.mcp.server.ResourceManager;
import io.quarkiverse.mcp.server.ResourceResponse;
import io.quarkiverse.mcp.server.Role;
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
 * Offers what every serving server has on the bridge's own MCP endpoint ({@code /mcp}), registered
 * programmatically with the Quarkus MCP server: tools and prompts as {@code <server>__<name>} (see
 * {@link ExposedNames}), resources under {@code mcp-bridge://<server>/<their own uri>}. The sets follow
 * the servers: a server that becomes ready, stops serving or changes a list changes them, and
 * connected clients get the matching {@code notifications/*&#47;list_changed}. Tool calls take the same
 * path as the REST API: schema check, timeout, breaker, concurrency cap, audit and metrics.
 */
@ApplicationScoped
public class AggregatedCatalogue {

    /** The scheme of resource URIs on {@code /mcp}; the server's name is the authority. */
    static final String RESOURCE_SCHEME = "mcp-bridge://";

    private final ToolManager tools;
    private final ResourceManager resources;
    private final PromptManager prompts;
    private final UpstreamServers servers;
    private final McpOperations operations;
    private final CurrentIdentityAssociation identity;
    // What is registered now, by exposed name (or URI); changed only in sync().
    private final Map<String, McpSchema.Tool> registeredTools = new HashMap<>();
    private final Map<String, McpSchema.Resource> registeredResources = new HashMap<>();
    private final Map<String, McpSchema.Prompt> registeredPrompts = new HashMap<>();

    public AggregatedCatalogue(ToolManager tools, ResourceManager resources, PromptManager prompts,
            UpstreamServers servers, McpOperations operations, CurrentIdentityAssociation identity) {
        this.tools = tools;
        this.resources = resources;
        this.prompts = prompts;
        this.servers = servers;
        this.operations = operations;
        this.identity = identity;
    }

    void start(@Observes StartupEvent event) {
        servers.onChange(this::sync);
        sync();
    }

    /** Brings what {@code /mcp} offers in line with what the serving servers offer now. */
    synchronized void sync() {
        Map<Upstream, McpSchema.Tool> offeredTools = new LinkedHashMap<>();
        Map<String, Map.Entry<String, McpSchema.Resource>> offeredResources = new HashMap<>();
        Map<Upstream, McpSchema.Prompt> offeredPrompts = new LinkedHashMap<>();
        for (UpstreamServer server : servers.all()) {
            UpstreamServer.Snapshot snapshot = server.snapshot();
            if (snapshot.state().serves()) {
                snapshot.catalogue().tools()
                        .forEach(tool -> offeredTools.put(new Upstream(server.name(), tool.name()), tool));
                snapshot.catalogue().resources().forEach(resource -> offeredResources
                        .put(exposedUri(server.name(), resource.uri()), Map.entry(server.name(), resource)));
                snapshot.catalogue().prompts()
                        .forEach(prompt -> offeredPrompts.put(new Upstream(server.name(), prompt.name()), prompt));
            }
        }
        int toolChanges = apply("tools", exposed(offeredTools), registeredTools, tools::removeTool, this::registerTool);
        int resourceChanges = apply("resources", offeredResources, registeredResources, resources::removeResource,
                this::registerResource);
        int promptChanges = apply("prompts", exposed(offeredPrompts), registeredPrompts, prompts::removePrompt,
                this::registerPrompt);
        if (toolChanges + resourceChanges + promptChanges > 0) {
            Log.infof("/mcp offers %d tools, %d resources, %d prompts", registeredTools.size(),
                    registeredResources.size(), registeredPrompts.size());
        }
    }

    private static <T> Map<String, Map.Entry<String, T>> exposed(Map<Upstream, T> offered) {
        Map<String, Map.Entry<String, T>> byName = new HashMap<>();
        ExposedNames.of(offered.keySet()).forEach((upstream, name) ->
                byName.put(name, Map.entry(upstream.server(), offered.get(upstream))));
        return byName;
    }

    // Removes what is gone or changed, registers what is new; returns how many changes were made.
    private static <T> int apply(String kind, Map<String, Map.Entry<String, T>> wanted, Map<String, T> registered,
            Consumer<String> remove, TriConsumer<String, String, T> register) {
        int changes = 0;
        for (String key : List.copyOf(registered.keySet())) {
            var want = wanted.get(key);
            if (want == null || !Objects.equals(want.getValue(), registered.get(key))) {
                remove.accept(key);
                registered.remove(key);
                changes++;
            }
        }
        for (var entry : wanted.entrySet()) {
            if (!registered.containsKey(entry.getKey())) {
                try {
                    register.accept(entry.getKey(), entry.getValue().getKey(), entry.getValue().getValue());
                    registered.put(entry.getKey(), entry.getValue().getValue());
                    changes++;
                } catch (RuntimeException e) {
                    Log.warnf("%s %s of MCP server %s cannot be offered on /mcp: %s", kind, entry.getKey(),
                            entry.getValue().getKey(), e.getMessage());
                }
            }
        }
        return changes;
    }

    private interface TriConsumer<A, B, C> {
        void accept(A a, B b, C c);
    }

    static String exposedUri(String server, String uri) {
        return RESOURCE_SCHEME + server + "/" + uri;
    }

    private void registerResource(String uri, String server, McpSchema.Resource resource) {
        String original = uri.substring(RESOURCE_SCHEME.length() + server.length() + 1);
        ResourceManager.ResourceDefinition definition = resources.newResource(server + ExposedNames.SEPARATOR
                + resource.name())
                .setUri(uri)
                .setDescription(resource.description() != null ? resource.description()
                        : "Resource " + resource.uri() + " of MCP server " + server + ".")
                .setAsyncHandler(arguments -> operations.readResource(server, original)
                        .map(read -> new ResourceResponse(read.contents().stream()
                                .map(contents -> contents(uri, contents)).toList()))
                        .onFailure(ProblemException.class).transform(failure -> mcpError((ProblemException) failure)));
        if (resource.mimeType() != null) {
            definition.setMimeType(resource.mimeType());
        }
        if (resource.title() != null) {
            definition.setTitle(resource.title());
        }
        definition.register();
    }

    private void registerPrompt(String name, String server, McpSchema.Prompt prompt) {
        PromptManager.PromptDefinition definition = prompts.newPrompt(name)
                .setDescription(prompt.description() != null ? prompt.description()
                        : "Prompt " + prompt.name() + " of MCP server " + server + ".")
                .setAsyncHandler(arguments -> operations.getPrompt(server, prompt.name(), Map.copyOf(arguments.args()))
                        .map(rendered -> new PromptResponse(rendered.description(), rendered.messages().stream()
                                .map(message -> new PromptMessage(message.role() == McpSchema.Role.ASSISTANT
                                        ? Role.ASSISTANT : Role.USER, content(message.content())))
                                .toList()))
                        .onFailure(ProblemException.class).transform(failure -> mcpError((ProblemException) failure)));
        if (prompt.title() != null) {
            definition.setTitle(prompt.title());
        }
        if (prompt.arguments() != null) {
            prompt.arguments().forEach(argument -> definition.addArgument(argument.name(), argument.description(),
                    Boolean.TRUE.equals(argument.required())));
        }
        definition.register();
    }

    private static McpException mcpError(ProblemException problem) {
        int code = switch (problem.type()) {
            case NOT_FOUND, FORBIDDEN, VALIDATION, BAD_REQUEST -> JsonRpcErrorCodes.INVALID_PARAMS;
            default -> JsonRpcErrorCodes.INTERNAL_ERROR;
        };
        return new McpException(problem.getMessage(), code);
    }

    private static ResourceContents contents(String uri, McpSchema.ResourceContents contents) {
        if (contents instanceof McpSchema.BlobResourceContents blob) {
            return new BlobResourceContents(uri, blob.blob(), blob.mimeType());
        }
        McpSchema.TextResourceContents text = (McpSchema.TextResourceContents) contents;
        return new TextResourceContents(uri, text.text(), text.mimeType());
    }

    private void registerTool(String name, String server, McpSchema.Tool tool) {
        Upstream upstream = new Upstream(server, tool.name());
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
    }

    private Uni<ToolResponse> call(Upstream upstream, Map<String, Object> arguments) {
        CallRecorder.Caller caller = new CallRecorder.Caller(subject(), "mcp");
        return operations.callTool(caller, upstream.server(), upstream.name(), arguments == null ? Map.of() : arguments)
                .map(AggregatedCatalogue::response)
                .onFailure(ProblemException.class).recoverWithItem(failure -> failed((ProblemException) failure));
    }

    // A tool the caller may not use, or that is gone, is a protocol error; everything else that went wrong
    // is a tool result with isError, which the calling model can read and act on (SEP-1303).
    private static ToolResponse failed(ProblemException problem) {
        return switch (problem.type()) {
            case NOT_FOUND, FORBIDDEN -> throw mcpError(problem);
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
