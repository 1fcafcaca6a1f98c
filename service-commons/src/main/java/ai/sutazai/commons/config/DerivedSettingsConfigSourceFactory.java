package ai.sutazai.commons.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

import ai.sutazai.commons.security.JwtSecretKeys;

/**
 * Quarkus settings that follow from our own variables, where a properties file cannot express
 * the rule. Ranked above application.properties and below .env and the environment, so an
 * operator can still set the Quarkus key directly.
 */
public class DerivedSettingsConfigSourceFactory implements ConfigSourceFactory {

    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> derived = new HashMap<>();
        // Without a collector, no tracing at all: nothing is exported to the default localhost:4317,
        // and no request pays for spans nobody receives (a client's traceparent is still passed on).
        // Said explicitly both ways: Quarkus records what the build saw (no collector) as a default.
        // (Never the sampler: Quarkus fixes quarkus.otel.traces.sampler at build time.)
        boolean tracing = !isBlank(context.getValue("OTEL_EXPORTER_OTLP_ENDPOINT"));
        derived.put("quarkus.otel.sdk.disabled", String.valueOf(!tracing));
        discovery(context, derived);
        ConfigValue jwtSecret = context.getValue("JWT_SECRET");
        if (!isBlank(jwtSecret)) {
            ConfigValue previous = context.getValue("JWT_SECRET_PREVIOUS");
            derived.put("smallrye.jwt.verify.secretkey", JwtSecretKeys.verificationJwks(jwtSecret.getValue(),
                    isBlank(previous) ? null : previous.getValue()));
        }
        return List.of(new PropertiesConfigSource(derived, "sutazai-derived-settings", ORDINAL));
    }

    // Every stork://<service> a service calls (sutazai.discovery.services) is found in Consul when
    // CONSUL_ENABLED=true, else at the static <SERVICE>_ADDRESSES, by default the local ports.
    private static void discovery(ConfigSourceContext context, Map<String, String> derived) {
        ConfigValue services = context.getValue("sutazai.discovery.services");
        if (isBlank(services)) {
            return;
        }
        boolean consul = "true".equalsIgnoreCase(valueOr(context, "CONSUL_ENABLED", "false"));
        for (String service : services.getValue().split(",")) {
            String name = service.strip();
            String prefix = "quarkus.stork." + name + ".service-discovery.";
            if (consul) {
                derived.put(prefix + "type", "consul");
                derived.put(prefix + "consul-host", valueOr(context, "CONSUL_HOST", "localhost"));
                derived.put(prefix + "consul-port", valueOr(context, "CONSUL_PORT", "8500"));
                derived.put(prefix + "refresh-period", "10S");
                derived.put(prefix + "use-health-checks", "true");
            } else {
                derived.put(prefix + "type", "static");
                derived.put(prefix + "address-list",
                        valueOr(context, ServiceAddresses.variable(name), ServiceAddresses.local(name)));
            }
        }
    }

    private static String valueOr(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return isBlank(value) ? fallback : value.getValue().strip();
    }

    private static boolean isBlank(ConfigValue value) {
        return value == null || value.getValue() == null || value.getValue().isBlank();
    }
}
