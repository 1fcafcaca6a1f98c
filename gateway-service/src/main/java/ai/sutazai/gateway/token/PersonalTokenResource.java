package ai.sutazai.gateway.token;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.gateway.audit.AuditContext;
import ai.sutazai.gateway.edge.ClientAddresses;
import ai.sutazai.gateway.auth.Caller;

/** The signed-in user's personal access tokens, for scripts, agents and MCP clients. */
@Path("/api/v1/auth/tokens")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PersonalTokenResource {

    private final PersonalTokenService tokens;
    private final SecurityIdentity identity;
    private final HttpServerRequest request;
    private final ClientAddresses addresses;

    public PersonalTokenResource(PersonalTokenService tokens, SecurityIdentity identity, HttpServerRequest request,
            ClientAddresses addresses) {
        this.tokens = tokens;
        this.identity = identity;
        this.request = request;
        this.addresses = addresses;
    }

    @POST
    @Operation(summary = "Create a personal access token; its secret is in this answer only")
    public Uni<Response> create(@NotNull @Valid CreatePersonalToken body) {
        Caller caller = Caller.of(identity);
        return tokens.create(caller, body, AuditContext.of(request, addresses.of(request), caller.userId())).map(token -> Response
                .created(URI.create("/api/v1/auth/tokens/" + token.id())).entity(token).build());
    }

    @GET
    @Operation(summary = "Your live personal access tokens, without their secrets")
    public Uni<Page<PersonalToken>> list(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit,
            @QueryParam("cursor") String cursor) {
        return tokens.list(Caller.of(identity), limit, cursor);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke one of your personal access tokens")
    public Uni<Response> revoke(@PathParam("id") String id) {
        Caller caller = Caller.of(identity);
        UUID tokenId;
        try {
            tokenId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "You have no personal access token with the id " + id + ".");
        }
        return tokens.revoke(caller, tokenId, AuditContext.of(request, addresses.of(request), caller.userId()))
                .map(done -> Response.noContent().build());
    }
}
