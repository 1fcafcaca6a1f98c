package ai.sutazai.health.consul;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import ai.sutazai.commons.problem.ProblemException;

/** Consul's view of the suite, from the last poll: it answers while Consul is down, saying so. */
@Path("/api/v1/system/consul")
@Produces(MediaType.APPLICATION_JSON)
public class ConsulResource {

    private final ConsulPoller poller;

    public ConsulResource(ConsulPoller poller) {
        this.poller = poller;
    }

    @GET
    @Operation(summary = "Services registered in Consul and their checks' states",
            description = "404 when CONSUL_ENABLED is false; reachable=false with the error while Consul cannot be read.")
    public ConsulView view() {
        if (!poller.enabled()) {
            // 404, not 503: nothing is unavailable for a while, this deployment has no Consul, and
            // a 503 would read as an outage to monitors and make clients retry an answer that never changes.
            throw ProblemException.notFound("Consul is not enabled here (CONSUL_ENABLED=false): there is no Consul "
                    + "view to show.");
        }
        return poller.view();
    }
}
