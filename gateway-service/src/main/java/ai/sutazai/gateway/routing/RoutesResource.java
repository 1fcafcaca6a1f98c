package ai.sutazai.gateway.routing;

import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.mutiny.Uni;
import io.smallrye.stork.Stork;

/** What the gateway forwards where, and how each upstream is doing: admins only. */
@Path("/api/v1/gateway/routes")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class RoutesResource {

    /** The answer: the route table and the state of each upstream. */
    public record Routes(List<RouteTable.Route> routes, List<UpstreamState> upstreams) {
    }

    /** One upstream: its instances now, its breaker ({@code closed}, {@code open}, {@code half_open}), requests in flight. */
    public record UpstreamState(String service, List<String> instances, String breaker, int inFlight, String error) {
    }

    private final GatewayProxy proxy;

    public RoutesResource(GatewayProxy proxy) {
        this.proxy = proxy;
    }

    @GET
    @Operation(summary = "Routes, current instances and breaker states")
    public Uni<Routes> routes() {
        List<Uni<UpstreamState>> states = proxy.upstreams().values().stream().map(this::state).toList();
        return Uni.join().all(states).andFailFast().map(all -> new Routes(RouteTable.routes(), all));
    }

    private Uni<UpstreamState> state(Upstream upstream) {
        String breaker = CircuitBreakerMaintenance.get().currentState(Upstream.breakerName(upstream.service()))
                .name().toLowerCase(Locale.ROOT);
        return Stork.getInstance().getService(upstream.service()).getInstances()
                .map(instances -> new UpstreamState(upstream.service(),
                        instances.stream().map(i -> i.getHost() + ":" + i.getPort()).toList(), breaker,
                        upstream.inFlight(), null))
                // Discovery failing is itself worth showing, not a reason to hide the other upstreams.
                .onFailure().recoverWithItem(failure -> new UpstreamState(upstream.service(), List.of(), breaker,
                        upstream.inFlight(), failure.getMessage()));
    }
}
