package ai.sutazai.gateway.user;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

/** Account administration: admins only. */
@Path("/api/v1/auth/users")
@RolesAllowed(User.ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class UserAdminResource {

    private final UserAdminService admin;
    private final SecurityIdentity identity;
    private final HttpServerRequest request;
    private final ClientAddresses addresses;

    public UserAdminResource(UserAdminService admin, SecurityIdentity identity, HttpServerRequest request,
            ClientAddresses addresses) {
        this.admin = admin;
        this.identity = identity;
        this.request = request;
        this.addresses = addresses;
    }

    @GET
    @Operation(summary = "List users in creation order")
    public Uni<Page<UserView>> list(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit,
            @QueryParam("cursor") String cursor) {
        return admin.list(limit, cursor);
    }

    @POST
    @Operation(summary = "Create a user, optionally an admin")
    public Uni<Response> create(@NotNull @Valid UserRequests.Create body) {
        return admin.create(body, context()).map(user -> Response
                .created(URI.create("/api/v1/auth/users/" + user.id())).entity(UserView.of(user)).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One user")
    public Uni<UserView> get(@PathParam("id") String id) {
        return admin.get(parse(id)).map(UserView::of);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a user's groups, disable or enable it, or reset its password")
    public Uni<UserView> update(@PathParam("id") String id, @NotNull @Valid UserRequests.Update body) {
        return admin.update(parse(id), body, context()).map(UserView::of);
    }

    private AuditContext context() {
        return AuditContext.of(request, addresses.of(request), Caller.of(identity).userId());
    }

    // An id that is not a UUID names no user: 404, like any other unknown id.
    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No user has the id " + id + ".");
        }
    }
}
