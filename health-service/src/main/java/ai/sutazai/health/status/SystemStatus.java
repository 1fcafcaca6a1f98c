package ai.sutazai.health.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import ai.sutazai.health.consul.ConsulView;
import ai.sutazai.health.probe.HealthStatus;

/**
 * {@code GET /api/v1/system/status}: the overall state by the gateway's truth table and each
 * component's; anonymous callers get names and statuses only. {@code storage} says whether
 * history is being written or held in memory, since the answer always comes from memory.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SystemStatus(HealthStatus status, Instant checkedAt, Storage storage, List<Component> components) {

    /**
     * One component, with the alerts firing about it (whose labels name it) and, for a suite service
     * registered in Consul, how Consul sees it; everything but name and status is left out for anonymous callers.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Component(String name, HealthStatus status, String type, Boolean critical, Long latencyMs,
            Instant since, Instant lastCheckedAt, String lastError, String cause, List<String> dependsOn,
            Map<String, Object> details, List<FiringAlert> firingAlerts,
            ConsulView.ServiceHealth consul) {

        Component summary() {
            return new Component(name, status, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /** An alert firing about a component: its id (for {@code /api/v1/alerts/{id}}), name, severity and summary. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FiringAlert(String id, String alertname, String severity, Instant startsAt, String summary) {
    }

    /**
     * Whether PostgreSQL takes results ({@code database}: {@code up} or {@code down}, since when and
     * why), and how many results and incident changes wait in memory meanwhile.
     */
    public record Storage(String database, Instant downSince, String error, int bufferedResults,
            long droppedResults, int bufferedIncidentChanges, String note) {
    }

    /** The answer for a caller without a token. */
    public SystemStatus summary() {
        return new SystemStatus(status, checkedAt, null, components.stream().map(Component::summary).toList());
    }
}
