package ai.sutazai.memory.memories;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.memory.owner.Owners;

/** Memories of the caller (or, for admins and services, of the owner named by {@code ownerId}). */
@Path("/api/v1/memory/memories")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MemoryResource {

    private static final String METADATA_PREFIX = "metadata.";

    private final MemoryService memories;
    private final SecurityIdentity identity;

    public MemoryResource(MemoryService memories, SecurityIdentity identity) {
        this.memories = memories;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Store a memory; with a key that exists in the namespace, update that memory (200)")
    public Uni<Response> write(@NotNull @Valid MemoryRequests.Create body) {
        return memories.write(Owners.resolve(identity, body.ownerId()), body).map(written -> Response
                .status(written.created() ? 201 : 200)
                .location(URI.create("/api/v1/memory/memories/" + written.memory().id()))
                .entity(written.memory()).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One memory")
    public Uni<Memory> get(@PathParam("id") String id, @QueryParam("ownerId") String ownerId) {
        return memories.get(Owners.resolve(identity, ownerId), parse(id));
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a memory's content, tags, metadata, importance or expiry")
    public Uni<Memory> update(@PathParam("id") String id, @QueryParam("ownerId") String ownerId,
            @NotNull @Valid MemoryRequests.Update body) {
        return memories.update(Owners.resolve(identity, ownerId), parse(id), body);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a memory")
    public Uni<Response> delete(@PathParam("id") String id, @QueryParam("ownerId") String ownerId) {
        return memories.delete(Owners.resolve(identity, ownerId), parse(id)).map(done -> Response.noContent().build());
    }

    @GET
    @Operation(summary = "List memories, filtered by namespace, agentId, sessionId, tag (repeatable) and "
            + "metadata.<key>=<value>, in creation order")
    public Uni<Page<Memory>> list(@QueryParam("namespace") String namespace, @QueryParam("agentId") String agentId,
            @QueryParam("sessionId") String sessionId, @QueryParam("tag") List<String> tags,
            @QueryParam("ownerId") String ownerId,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit,
            @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((name, values) -> {
            if (name.startsWith(METADATA_PREFIX)) {
                String key = name.substring(METADATA_PREFIX.length());
                if (!MemoryFilter.METADATA_KEY.matcher(key).matches()) {
                    throw MemoryService.invalid(name, "names a metadata key that is not 1-64 letters, digits, '_' or '-'");
                }
                metadata.put(key, values.get(0));
            }
        });
        MemoryFilter filter = new MemoryFilter(namespace, agentId, sessionId, tags == null ? List.of() : tags, metadata);
        return memories.list(Owners.resolve(identity, ownerId), filter, limit, cursor);
    }

    // An id that is not a UUID names no memory: 404 like any unknown id.
    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.NOT_FOUND,
                    "You have no memory with the id " + id + ".");
        }
    }
}
