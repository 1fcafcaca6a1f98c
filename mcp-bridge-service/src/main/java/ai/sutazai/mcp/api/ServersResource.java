package ai.sutazai.mcp.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.paging.PageQuery;
import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.mcp.call.CallRecorder;
import ai.sutazai.mcp.call.McpOperations;
import ai.sutazai.mcp.call.ToolCallResult;
import ai.sutazai.mcp.registry.RegistryFile;
import ai.sutazai.mcp.registry.ServerDefinition;
import ai.sutazai.mcp.server.UpstreamServer;
import ai.sutazai.mcp.server.UpstreamServers;

/** The MCP servers the bridge runs, what they offer, and calls to them. */
@Path("/api/v1/mcp/servers")
@Produces(MediaType.APPLICATION_JSON)
public class ServersResource {

    /** The header naming the agent a tool call is made for, recorded in the audit. */
    public static final String AGENT_HEADER = "X-Agent-Id";
    private static final Pattern AGENT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final UpstreamServers servers;
    private final McpOperations operations;
    private final SecurityIdentity identity;

    public ServersResource(UpstreamServers servers, McpOperations operations, SecurityIdentity identity) {
        this.servers = servers;
        this.operations = operations;
        this.identity = identity;
    }

    /** Body of a resource read. */
    public record ReadResource(@NotBlank String uri) {
    }

    @GET
    @Operation(summary = "Every server with its state, protocol version, capabilities, counts, restarts and"
            + " last error (admins also see the command, process id and stderr tail)")
    public Page<ServerView> list(@BeanParam @Valid PageQuery page) {
        boolean admin = isAdmin();
        return Listings.page(servers.all().stream().map(s -> ServerView.of(s.snapshot(), admin)).toList(),
                ServerView::name, page);
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One server")
    public ServerView get(@PathParam("name") String name) {
        return ServerView.of(servers.require(name).snapshot(), isAdmin());
    }

    @POST
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add and start a server until the service restarts: an mcpServers entry plus its"
            + " \"name\"; ${VAR} references are not expanded here")
    public Response add(@NotNull ObjectNode body) {
        if (!body.path("name").isTextual() || body.path("name").asText().isBlank()) {
            throw new ProblemException(ProblemType.VALIDATION, "name is required.",
                    List.of(new Problem.FieldError("name", "is required")), Map.of());
        }
        String name = body.remove("name").asText();
        // No expansion: the service's own variables (its secrets among them) are not an admin's to read.
        ServerDefinition definition = RegistryFile.entry(name, body, variable -> Optional.empty(),
                servers.config().serverDefaults());
        if (definition.problem() != null) {
            throw new ProblemException(ProblemType.VALIDATION, "The entry cannot run: " + definition.problem(),
                    List.of(new Problem.FieldError(name, definition.problem())), Map.of());
        }
        UpstreamServer server = servers.add(definition);
        return Response.status(Response.Status.CREATED).header("Location", "/api/v1/mcp/servers/" + name)
                .entity(ServerView.of(server.snapshot(), true)).build();
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed("admin")
    @Operation(summary = "Stop and remove a server until the service restarts")
    public Response remove(@PathParam("name") String name) {
        servers.remove(name);
        return Response.noContent().build();
    }

    @POST
    @Path("/{name}/restart")
    @RolesAllowed("admin")
    @Operation(summary = "Restart a server now; its backoff starts over")
    public Response restart(@PathParam("name") String name) {
        UpstreamServer server = servers.require(name);
        server.restart();
        return Response.accepted(ServerView.of(server.snapshot(), true)).build();
    }

    @POST
    @Path("/{name}/refresh")
    @Operation(summary = "List the server's tools, resources and prompts again")
    public Uni<ServerView> refresh(@PathParam("name") String name) {
        return operations.refresh(name).map(listed -> ServerView.of(servers.require(name).snapshot(), isAdmin()));
    }

    @GET
    @Path("/{name}/tools")
    @Operation(summary = "The server's tools with their input schemas (denied tools are left out)")
    public Page<Tool> tools(@PathParam("name") String name, @BeanParam @Valid PageQuery page) {
        return Listings.page(servers.require(name).catalogue().tools(), Tool::name, page);
    }

    @GET
    @Path("/{name}/resources")
    @Operation(summary = "The server's resources")
    public Page<Resource> resources(@PathParam("name") String name, @BeanParam @Valid PageQuery page) {
        return Listings.page(servers.require(name).catalogue().resources(), Resource::uri, page);
    }

    @GET
    @Path("/{name}/resource-templates")
    @Operation(summary = "The server's resource templates (URIs with {placeholders})")
    public Page<ResourceTemplate> resourceTemplates(@PathParam("name") String name, @BeanParam @Valid PageQuery page) {
        return Listings.page(servers.require(name).catalogue().resourceTemplates(),
                ResourceTemplate::uriTemplate, page);
    }

    @GET
    @Path("/{name}/prompts")
    @Operation(summary = "The server's prompts")
    public Page<Prompt> prompts(@PathParam("name") String name, @BeanParam @Valid PageQuery page) {
        return Listings.page(servers.require(name).catalogue().prompts(), Prompt::name, page);
    }

    @POST
    @Path("/{name}/tools/{tool}/call")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Call a tool; the body is its arguments, checked against the tool's inputSchema first."
            + " A tool's own failure is a 200 with isError true")
    public Uni<ToolCallResult> call(@PathParam("name") String name, @PathParam("tool") String tool,
            @HeaderParam(AGENT_HEADER) String agent, Map<String, Object> arguments) {
        // agent-service names the agent a call is for; only an agent id's shape is kept (nothing else reaches the log).
        String forAgent = agent != null && AGENT_ID.matcher(agent).matches() ? agent : null;
        return operations.callTool(new CallRecorder.Caller(identity.getPrincipal().getName(), "rest", forAgent), name, tool,
                arguments == null ? Map.of() : arguments);
    }

    @POST
    @Path("/{name}/resources/read")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read a resource by its uri")
    public Uni<ReadResourceResult> read(@PathParam("name") String name, @NotNull @Valid ReadResource body) {
        return operations.readResource(name, body.uri());
    }

    @POST
    @Path("/{name}/prompts/{prompt}/get")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Render a prompt; the body holds its arguments as strings")
    public Uni<GetPromptResult> prompt(@PathParam("name") String name, @PathParam("prompt") String prompt,
            Map<String, Object> arguments) {
        return operations.getPrompt(name, prompt, arguments == null ? Map.of() : arguments);
    }

    private boolean isAdmin() {
        return identity.hasRole("admin");
    }
}
