package ai.sutazai.commons.discovery;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where Consul is and how this instance registers there. */
@ConfigMapping(prefix = "sutazai.consul")
public interface ConsulSettings {

    /** Register in Consul and discover other services through it ({@code CONSUL_ENABLED}). */
    @WithDefault("false")
    boolean enabled();

    /** The Consul agent's host ({@code CONSUL_HOST}). */
    @WithDefault("localhost")
    String host();

    /** The Consul agent's HTTP port ({@code CONSUL_PORT}). */
    @WithDefault("8500")
    int port();

    /** The address other services and Consul reach this instance at ({@code SERVICE_ADVERTISED_HOST}). */
    Optional<String> advertisedHost();

    /** How often Consul runs the HTTP health checks it is given. */
    @WithDefault("10s")
    Duration checkInterval();

    /** How long Consul keeps an instance whose liveness check stays critical. */
    @WithDefault("1m")
    Duration deregisterCriticalAfter();

    /** How often the instance verifies that Consul still knows it, and registers again if not. */
    @WithDefault("30s")
    Duration reconcileInterval();

    /** The longest wait between two registration attempts while Consul is unreachable. */
    @WithDefault("30s")
    Duration retryMaxBackoff();
}
