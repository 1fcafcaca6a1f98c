package ai.sutazai.health.page;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.quarkus.qute.TemplateData;

/** One hour of a component's uptime bar; {@code percent} is null when no check of that hour is stored. */
@TemplateData
public record UptimeCell(Instant hour, Double percent) {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** The colour class: full, partial (at least 95 %), poor, or none. */
    public String level() {
        if (percent == null) {
            return "none";
        }
        return percent >= 99.5 ? "full" : percent >= 95 ? "partial" : "poor";
    }

    /** The tooltip: the hour (UTC) and its uptime. */
    public String title() {
        return HOUR.format(hour) + " UTC: " + (percent == null ? "no data"
                : String.format(Locale.ROOT, "%.1f %% up", percent));
    }
}
