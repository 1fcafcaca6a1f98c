package ai.sutazai.health.consul;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /api/v1/system/consul}: the services registered in Consul and their checks, as of the
 * last poll. While Consul cannot be reached, {@code reachable} is false with the error and since when,
 * and {@code services} still holds what it last answered ({@code answeredAt}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsulView(boolean reachable, Instant checkedAt, Instant answeredAt, String error,
        Instant unreachableSince, List<ServiceHealth> services) {

    /**
     * One service: its worst instance's status, how many instances it has and how many of them are in
     * each status (an instance takes its worst check's status), and every check.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceHealth(String name, String status, int instances, Map<String, Integer> instancesByStatus,
            List<String> tags, List<CheckState> checks) {

        /** Status and instance counts only, shown beside the service's probe in the system status. */
        public ServiceHealth summary() {
            return new ServiceHealth(name, status, instances, instancesByStatus, null, null);
        }
    }

    /** One Consul check of one instance: passing, warning, critical or maintenance, with its output. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckState(String node, String serviceId, String checkId, String name, String status, String output) {
    }
}
