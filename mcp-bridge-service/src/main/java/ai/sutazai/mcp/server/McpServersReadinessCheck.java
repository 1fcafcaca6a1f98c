package ai.sutazai.mcp.server;

import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows on the readiness page how many MCP servers are in each state. Always up: one failing server
 * must not take the bridge, and every other server's calls, out of the load balancer.
 */
@Readiness
@ApplicationScoped
public class McpServersReadinessCheck implements HealthCheck {

    private final UpstreamServers servers;

    public McpServersReadinessCheck(UpstreamServers servers) {
        this.servers = servers;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, Long> states = new TreeMap<>();
        servers.all().forEach(server -> states.merge(server.state().label(), 1L, Long::sum));
        HealthCheckResponseBuilder response = HealthCheckResponse.named("mcp-servers").up();
        states.forEach(response::withData);
        return response.build();
    }
}
