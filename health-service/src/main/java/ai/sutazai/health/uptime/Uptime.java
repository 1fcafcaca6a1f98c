package ai.sutazai.health.uptime;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A component's availability over a window: the share of its checks that passed (up or degraded),
 * checks made during maintenance left out; and its incidents that ended in the window with their
 * mean time to recovery. {@code uptimePercent} and {@code mttr} are null when there is nothing to
 * average.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Uptime(String name, String type, long checks, long successes, long maintenanceChecks,
        Double uptimePercent, int incidents, String mttr, Long mttrMs) {
}
