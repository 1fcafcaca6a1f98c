package ai.sutazai.mcp.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Per-server gauges, read from the server at scrape time: its state, restarts, breaker state and
 * catalogue size. Registered when a server is added and removed with it.
 */
@ApplicationScoped
public class ServerMetrics {

    private final MeterRegistry registry;
    private final Map<UpstreamServer, List<Meter>> meters = new ConcurrentHashMap<>();

    public ServerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void register(UpstreamServer server) {
        List<Meter> own = new ArrayList<>();
        String name = server.name();
        for (ServerState state : ServerState.values()) {
            own.add(gauge(server, "mcp.server.state", "1 for the state the server is in, 0 for the others",
                    s -> s.state() == state ? 1 : 0, "state", state.label()));
        }
        own.add(FunctionCounter.builder("mcp.server.restarts", server, UpstreamServer::restarts)
                .description("Restarts of the server since the service started").tag("server", name)
                .register(registry));
        own.add(gauge(server, "mcp.server.breaker.state", "The server's circuit breaker: 0 closed, 1 half-open, 2 open",
                s -> breakerCode(s.breaker())));
        own.add(gauge(server, "mcp.server.catalogue.size", "What the server offers", s -> s.catalogue().tools().size(),
                "kind", "tools"));
        own.add(gauge(server, "mcp.server.catalogue.size", "What the server offers",
                s -> s.catalogue().resources().size(), "kind", "resources"));
        own.add(gauge(server, "mcp.server.catalogue.size", "What the server offers",
                s -> s.catalogue().prompts().size(), "kind", "prompts"));
        meters.put(server, own);
    }

    void unregister(UpstreamServer server) {
        List<Meter> own = meters.remove(server);
        if (own != null) {
            own.forEach(registry::remove);
        }
    }

    private Gauge gauge(UpstreamServer server, String metric, String description, ToDoubleFunction<UpstreamServer> value,
            String... tags) {
        return Gauge.builder(metric, server, value).description(description).tag("server", server.name()).tags(tags)
                .strongReference(true).register(registry);
    }

    private static int breakerCode(CircuitBreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
