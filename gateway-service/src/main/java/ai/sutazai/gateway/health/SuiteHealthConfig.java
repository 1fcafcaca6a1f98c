package ai.sutazai.gateway.health;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the gateway judges the health of the whole suite. */
@ConfigMapping(prefix = "gateway.health")
public interface SuiteHealthConfig {

    /** The services asked, besides the gateway itself (GATEWAY_HEALTH_SERVICES). */
    @WithDefault("agent-service,memory-service,health-service,mcp-bridge-service")
    List<String> services();

    /** Services without a ready instance of which the suite is DOWN (GATEWAY_HEALTH_CRITICAL_SERVICES). */
    @WithDefault("agent-service,memory-service")
    Set<String> criticalServices();

    /** How long one instance may take to answer its readiness check before it counts as DOWN. */
    @WithDefault("2s")
    Duration instanceTimeout();

    /** How long finding a service's instances (Consul or the static list) may take. */
    @WithDefault("1s")
    Duration discoveryTimeout();

    /** Calls within this window share one fan-out; zero asks every time. */
    @WithDefault("1s")
    Duration reuseWindow();
}
