package ai.sutazai.gateway.auth;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.gateway.audit.AuditContext;
import ai.sutazai.gateway.edge.ClientAddresses;
import ai.sutazai.gateway.user.UserRepository;
import ai.sutazai.gateway.user.UserView;

/** Accounts and sessions of the signed-in user: register, sign in, refresh, sign out, who am I, password. */
@Path("/api/v1/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final AuthService auth;
    private final UserRepository users;
    private final SecurityIdentity identity;
    private final HttpServerRequest request;
    private final ClientAddresses addresses;

    public AuthResource(AuthService auth, UserRepository users, SecurityIdentity identity, HttpServerRequest request,
            ClientAddresses addresses) {
        this.auth = auth;
        this.users = users;
        this.identity = identity;
        this.request = request;
        this.addresses = addresses;
    }

    @POST
    @Path("/register")
    @Operation(summary = "Create an account (only while AUTH_REGISTRATION_OPEN=true); always a plain user")
    public Uni<Response> register(@NotNull @Valid AuthRequests.Register body) {
        return auth.register(body, AuditContext.of(request, addresses.of(request), null)).map(user -> Response
                .created(URI.create("/api/v1/auth/users/" + user.id())).entity(UserView.of(user)).build());
    }

    @POST
    @Path("/login")
    @Operation(summary = "Sign in by username or e-mail; answers an access and a refresh token")
    public Uni<TokenResponse> login(@NotNull @Valid AuthRequests.Login body) {
        return auth.login(body, AuditContext.of(request, addresses.of(request), null));
    }

    @POST
    @Path("/refresh")
    @Operation(summary = "Trade a refresh token for new tokens; the old refresh token is spent")
    public Uni<TokenResponse> refresh(@NotNull @Valid AuthRequests.Refresh body) {
        return auth.refresh(body.refreshToken(), AuditContext.of(request, addresses.of(request), null));
    }

    @POST
    @Path("/logout")
    @Operation(summary = "Revoke one session (send its refresh_token) or every session (send none)")
    public Uni<Response> logout(@Valid AuthRequests.Logout body) {
        return logout(body == null ? null : body.refreshToken());
    }

    @POST
    @Path("/logout")
    // A bare POST without a JSON body signs out every session.
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Uni<Response> logoutEverywhere() {
        return logout((String) null);
    }

    private Uni<Response> logout(String refreshToken) {
        Caller caller = Caller.of(identity);
        return auth.logout(caller, refreshToken, AuditContext.of(request, addresses.of(request), caller.userId()))
                .map(done -> Response.noContent().build());
    }

    @GET
    @Path("/me")
    @Operation(summary = "The signed-in user")
    public Uni<UserView> me() {
        return users.findById(Caller.of(identity).userId()).map(user -> user.map(UserView::of).orElseThrow(
                () -> new ProblemException(ProblemType.NOT_FOUND, "Your account no longer exists.")));
    }

    @POST
    @Path("/password")
    @Operation(summary = "Change your own password; signs out every session")
    public Uni<Response> changePassword(@NotNull @Valid AuthRequests.PasswordChange body) {
        Caller caller = Caller.of(identity);
        return auth.changePassword(caller, body, AuditContext.of(request, addresses.of(request), caller.userId()))
                .map(done -> Response.noContent().build());
    }
}
