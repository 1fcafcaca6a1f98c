package ai.sutazai.gateway.problem;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.logging.Log;

/** Test-only endpoints that fail in each way a real resource can, to check the answers. */
@Path("/api/v1/test-probe")
public class ProblemProbeResource {

    /** A payload with the kinds of constraints real resources use. */
    public record Probe(@NotBlank String name, @Email String email, @NotNull @Min(1) @Max(10) Integer size) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Probe echo(@Valid @NotNull Probe probe) {
        return probe;
    }

    @GET
    @Path("/paged")
    @Produces(MediaType.APPLICATION_JSON)
    public String paged(@QueryParam("limit") @Min(1) @Max(500) int limit) {
        return "{\"limit\":" + limit + "}";
    }

    @GET
    @Path("/admin")
    @RolesAllowed("admin")
    public String adminOnly() {
        return "secret";
    }

    @GET
    @Path("/broken")
    public String broken() {
        Log.info("probe about to fail");
        throw new IllegalStateException("database row 42 is corrupt");
    }
}
