package ai.sutazai.agent.registry;

import java.net.URI;
import java.util.Arrays;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.paging.PageQuery;
import ai.sutazai.commons.problem.ProblemException;

/** The agent registry: everyone signed in reads it, admins change it. */
@Path("/api/v1/agents")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {

    private final AgentRegistry registry;
    private final SecurityIdentity identity;

    public AgentResource(AgentRegistry registry, SecurityIdentity identity) {
        this.registry = registry;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Agents in id order with their live status; filter by kind, capability and status")
    public Uni<Page<AgentView>> list(@QueryParam("kind") String kind,
            @QueryParam("capability") @Pattern(regexp = AgentDefinition.WORD, message = AgentDefinition.WORD_MESSAGE) String capability,
            @QueryParam("status") String status, @BeanParam @Valid PageQuery page) {
        return registry.list(wireValue("kind", kind, AgentKind.values()), capability,
                wireValue("status", status, LiveStatus.State.values()), page)
                .map(found -> new Page<>(found.items().stream().map(this::shown).toList(), found.nextCursor()));
    }

    // Parsed here: JAX-RS answers an unknown enum value in a query parameter with a bare 404.
    private static <E extends Enum<E>> E wireValue(String parameter, String value, E[] values) {
        if (value == null) {
            return null;
        }
        for (E candidate : values) {
            if (candidate.toString().equals(value)) {
                return candidate;
            }
        }
        throw ProblemException.invalid(parameter, "must be one of " + Arrays.stream(values).map(Object::toString)
                .collect(Collectors.joining(", ")));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One agent with its live status (connection settings for admins only)")
    public Uni<AgentView> get(@PathParam("id") String id) {
        return registry.get(id).map(this::shown);
    }

    // Where remote agents live (internal host names) is for admins.
    private AgentView shown(AgentView agent) {
        return identity.hasRole("admin") ? agent : agent.withoutConnection();
    }

    @POST
    @RolesAllowed("admin")
    @Operation(summary = "Register an agent (admins); 409 when the id is taken")
    public Uni<Response> create(@NotNull @Valid AgentDefinition body) {
        return registry.create(body).map(agent -> Response.created(URI.create("/api/v1/agents/" + agent.id()))
                .entity(agent).build());
    }

    @POST
    @Path("/import")
    @RolesAllowed("admin")
    @Operation(summary = "Register a remote A2A agent from its card (admins): 502 when the card cannot be fetched, "
            + "422 when it is no card or has no JSON-RPC interface, 409 when the id is taken")
    public Uni<Response> importAgent(@NotNull @Valid AgentImport body) {
        return registry.importAgent(body).map(agent -> Response.created(URI.create("/api/v1/agents/" + agent.id()))
                .entity(agent).build());
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed("admin")
    @Operation(summary = "Replace an agent's definition (admins); a left-out API key is kept")
    public Uni<AgentView> replace(@PathParam("id") String id, @NotNull @Valid AgentDefinition body) {
        return registry.replace(id, body);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("admin")
    @Operation(summary = "Remove an agent (admins)")
    public Uni<Response> delete(@PathParam("id") String id) {
        return registry.delete(id).map(done -> Response.noContent().build());
    }
}
