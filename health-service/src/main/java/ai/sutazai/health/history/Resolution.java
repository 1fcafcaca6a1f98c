package ai.sutazai.health.history;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How finely history is answered: every result, or aggregates per minute or per hour. */
public enum Resolution {
    RAW(null), MINUTE("1 minute"), HOUR("1 hour");

    private final String stride;

    Resolution(String stride) {
        this.stride = stride;
    }

    /** The PostgreSQL interval of one bucket; null for raw results. */
    String stride() {
        return stride;
    }

    /** The resolution a query parameter names, if it is one. */
    public static Optional<Resolution> fromLabel(String label) {
        return Arrays.stream(values()).filter(r -> r.name().toLowerCase(Locale.ROOT).equals(label)).findFirst();
    }
}
