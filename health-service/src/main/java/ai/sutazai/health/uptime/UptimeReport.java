package ai.sutazai.health.uptime;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/system/uptime}: the window asked for, its bounds, and one item per component. */
public record UptimeReport(String window, Instant from, Instant to, List<Uptime> items, String nextCursor) {
}
