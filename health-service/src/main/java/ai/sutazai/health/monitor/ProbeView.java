package ai.sutazai.health.monitor;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import ai.sutazai.health.probe.HealthStatus;
import ai.sutazai.health.probe.ProbeDefinition;

/**
 * A probe as {@code GET /api/v1/system/probes} shows it: its definition (the target without
 * credentials; durations ISO-8601) and where it stands.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeView(String name, String type, String preset, String target, String interval, String timeout,
        boolean critical, List<String> dependsOn, int failureThreshold, int recoveryThreshold, HealthStatus status,
        Instant since, Instant lastCheckedAt, long checks, long skippedChecks) {

    static ProbeView of(ProbeMonitor.Component component) {
        ProbeDefinition definition = component.definition();
        return new ProbeView(definition.name(), definition.type().label(), definition.preset(),
                definition.describeTarget(), definition.interval().toString(), definition.timeout().toString(),
                definition.critical(), definition.dependsOn(), definition.failureThreshold(),
                definition.recoveryThreshold(), component.state().status(), component.state().since(),
                component.state().lastAt(), component.checks(), component.skipped());
    }
}
