package ai.sutazai.health.consul;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the Consul view is polled; where Consul is comes from {@code sutazai.consul} (CONSUL_ENABLED, _HOST, _PORT). */
@ConfigMapping(prefix = "health.consul")
public interface ConsulConfig {

    /** How often the catalog and the services' checks are read. */
    @WithDefault("PT10S")
    Duration pollInterval();

    /** The longest one poll (the catalog and every service's checks) may take before it counts as failed. */
    @WithDefault("PT5S")
    Duration timeout();
}
