package ai.sutazai.health.maintenance;

import java.time.Instant;
import java.util.List;

/**
 * A planned window during which the named probes (every probe when {@code probes} is empty) open
 * no incidents and their checks do not count for uptime.
 */
public record MaintenanceWindow(String id, List<String> probes, Instant startsAt, Instant endsAt, String reason,
        String createdBy, Instant createdAt) {

    /** Whether the window covers {@code probe} at {@code at} (start inclusive, end exclusive). */
    public boolean covers(String probe, Instant at) {
        return applies(probe) && !at.isBefore(startsAt) && at.isBefore(endsAt);
    }

    /** Whether the window covers {@code probe} at some moment of {@code [from, to]}. */
    public boolean overlaps(String probe, Instant from, Instant to) {
        return applies(probe) && startsAt.compareTo(to) <= 0 && endsAt.isAfter(from);
    }

    private boolean applies(String probe) {
        return probes.isEmpty() || probes.contains(probe);
    }
}
