package ai.sutazai.health.uptime;

import java.time.Duration;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;

import ai.sutazai.health.config.HealthConfig;
import ai.sutazai.health.time.TimeParameters;

/** Uptime and MTTR of every component over a window. */
@Path("/api/v1/system/uptime")
@Produces(MediaType.APPLICATION_JSON)
public class UptimeResource {

    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

    private final UptimeService uptime;
    private final Duration longest;

    public UptimeResource(UptimeService uptime, HealthConfig config) {
        this.uptime = uptime;
        this.longest = config.history().hourRetention();
    }

    @GET
    @Operation(summary = "Uptime % and MTTR per component over a window ending now",
            description = "window is an ISO-8601 duration (PT1H, PT24H, P7D, P30D...; default PT24H), at most as "
                    + "long as history is kept. Checks during maintenance windows are left out.")
    public Uni<UptimeReport> report(@QueryParam("window") String window) {
        return uptime.report(TimeParameters.duration("window", window, DEFAULT_WINDOW, longest));
    }
}
