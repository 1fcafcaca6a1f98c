package ai.sutazai.health.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.sutazai.health.probe.HealthStatus;

/**
 * The status in the shape of draft-inadarei-api-health-check ({@code application/health+json}):
 * {@code pass}, {@code warn} or {@code fail}, and one {@code <component>:responseTime} check per
 * component, as an array of one (this service is the one node).
 */
final class HealthJson {

    static final String MEDIA_TYPE = "application/health+json";

    private HealthJson() {
    }

    static Map<String, Object> of(SystemStatus status, boolean details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", word(status.status()));
        body.put("description", "Dependencies of the SutazAI platform, as health-service probes them");
        Map<String, Object> checks = new LinkedHashMap<>();
        for (SystemStatus.Component component : status.components()) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("componentId", component.name());
            check.put("status", word(component.status()));
            if (details) {
                check.put("componentType", "postgres".equals(component.type()) || "redis".equals(component.type())
                        ? "datastore" : "component");
                if (component.latencyMs() != null) {
                    check.put("observedValue", component.latencyMs());
                    check.put("observedUnit", "ms");
                }
                if (component.lastCheckedAt() != null) {
                    check.put("time", component.lastCheckedAt().toString());
                }
                String output = component.cause() != null ? component.cause() : component.lastError();
                if (component.status() != HealthStatus.UP && output != null) {
                    check.put("output", output);
                }
            }
            checks.put(component.name() + ":responseTime", List.of(check));
        }
        body.put("checks", checks);
        return body;
    }

    // pass/warn/fail: up passes, down fails, degraded or not yet known warns.
    private static String word(HealthStatus status) {
        return switch (status) {
            case UP -> "pass";
            case DOWN -> "fail";
            case DEGRADED, UNKNOWN -> "warn";
        };
    }
}
