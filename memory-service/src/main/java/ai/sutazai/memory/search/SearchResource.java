package ai.sutazai.memory.search;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import ai.sutazai.memory.owner.Owners;

/** Search over the caller's memories (or, for admins and services, the owner named by {@code ownerId}). */
@Path("/api/v1/memory/search")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    private final SearchService search;
    private final SecurityIdentity identity;

    public SearchResource(SearchService search, SecurityIdentity identity) {
        this.search = search;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Search memories by keywords (full text), by meaning (embeddings) or both (hybrid, "
            + "reciprocal rank fusion); the answer names the mode and vector backend that ran")
    public Uni<SearchResult> search(@NotNull @Valid SearchRequest body) {
        return search.search(Owners.resolve(identity, body.ownerId()), body);
    }
}
