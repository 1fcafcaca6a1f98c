package ai.sutazai.health.probe;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** A check's verdict and a component's state; serialised lower-case, as the suite's wire formats are. */
public enum HealthStatus {
    UP, DEGRADED, DOWN, UNKNOWN;

    /** The lower-case word used in answers, metrics and the database. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status stored as {@code label}. */
    public static HealthStatus fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    /** Whether a check with this verdict counts as available for uptime and thresholds. */
    public boolean passing() {
        return this == UP || this == DEGRADED;
    }
}
