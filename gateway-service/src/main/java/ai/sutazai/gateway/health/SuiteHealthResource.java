package ai.sutazai.gateway.health;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The health of the whole suite, public; check details only for administrators. */
@Path("/api/v1/health")
public class SuiteHealthResource {

    private final SuiteHealthService suite;
    private final SecurityIdentity identity;

    public SuiteHealthResource(SuiteHealthService suite, SecurityIdentity identity) {
        this.suite = suite;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Aggregated readiness of every instance of every service",
            description = "UP, DEGRADED (a non-critical service or some instances down) or DOWN (a critical service "
                    + "has no ready instance, HTTP 503). Check details need an admin token.")
    public Uni<Response> health() {
        boolean admin = identity.hasRole("admin");
        return suite.check().map(health -> Response
                .status(health.status() == SuiteHealth.Status.DOWN ? 503 : 200)
                .entity(admin ? health : health.withoutDetails())
                .build());
    }
}
