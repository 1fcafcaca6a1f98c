package ai.sutazai.gateway.health;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The aggregated health of every service of the suite, as {@code GET /api/v1/health} answers it. */
public record SuiteHealth(Status status, Instant checkedAt, List<ServiceHealth> services) {

    /** The suite's and each service's state; serialised upper-case, as SmallRye Health does. */
    public enum Status {
        UP, DEGRADED, DOWN
    }

    /** One service: its state over all its instances, and the checks of one ready instance. */
    public record ServiceHealth(String name, Status status, boolean critical, int instances, long latencyMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Object> checks, String error) {

        ServiceHealth withoutChecks() {
            return new ServiceHealth(name, status, critical, instances, latencyMs, null, error);
        }
    }

    /** The same answer without check details, for callers who are not administrators. */
    public SuiteHealth withoutDetails() {
        return new SuiteHealth(status, checkedAt, services.stream().map(ServiceHealth::withoutChecks).toList());
    }
}
