package ai.sutazai.health.status;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.SecurityIdentity;

import ai.sutazai.health.probe.HealthStatus;

/**
 * The platform's status, public: names and statuses for anyone, details for callers with a token;
 * {@code application/health+json} (the IETF draft's shape) when asked for. 503 while a critical
 * component is down, 200 otherwise, as the gateway's aggregate answers.
 */
@Path("/api/v1/system/status")
public class StatusResource {

    private final StatusService status;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    public StatusResource(StatusService status, SecurityIdentity identity, ObjectMapper json) {
        this.status = status;
        this.identity = identity;
        this.json = json;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, HealthJson.MEDIA_TYPE })
    @Operation(summary = "Overall and per-component status (up, degraded, down; unknown before a first check)",
            description = "Public summary; a bearer token adds type, latency, since, errors and details. Send "
                    + "Accept: application/health+json for the IETF health check format.")
    public Response status(@HeaderParam(HttpHeaders.ACCEPT) String accept) throws JsonProcessingException {
        SystemStatus current = status.status();
        boolean details = !identity.isAnonymous();
        boolean ietf = accept != null && accept.contains(HealthJson.MEDIA_TYPE);
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.status(current.status() == HealthStatus.DOWN ? 503 : 200)
                .type(ietf ? HealthJson.MEDIA_TYPE : MediaType.APPLICATION_JSON)
                .cacheControl(noStore)
                // Written here: the JSON writer is registered for application/json, not for +json types.
                .entity(ietf ? json.writeValueAsString(HealthJson.of(current, details))
                        : details ? current : current.summary())
                .build();
    }
}
