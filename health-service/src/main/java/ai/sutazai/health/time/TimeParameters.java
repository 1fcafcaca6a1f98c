package ai.sutazai.health.time;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import ai.sutazai.commons.problem.ProblemException;

/** Times and durations in query parameters and bodies, read strictly: a bad one is a 400 naming its field. */
public final class TimeParameters {

    private TimeParameters() {
    }

    /** An ISO-8601 instant ({@code 2026-12-01T10:00:00Z}, or with an offset); null stays null. */
    public static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 date and time with its offset, e.g. "
                    + "2026-12-01T10:00:00Z, not \"" + value + "\"");
        }
    }

    /** An ISO-8601 duration above zero and at most {@code max}; null gives {@code fallback}. */
    public static Duration duration(String field, String value, Duration fallback, Duration max) {
        if (value == null) {
            return fallback;
        }
        try {
            Duration duration = Duration.parse(value.strip());
            if (!duration.isNegative() && !duration.isZero() && duration.compareTo(max) <= 0) {
                return duration;
            }
        } catch (DateTimeParseException e) {
            // Reported below, like an out-of-range duration.
        }
        throw ProblemException.invalid(field, "must be an ISO-8601 duration above zero and at most " + max
                + ", e.g. PT1H, PT24H, P7D or P30D, not \"" + value + "\"");
    }

    /** Checks that {@code from} lies before {@code to}. */
    public static void ordered(String fromField, Instant from, String toField, Instant to) {
        if (!from.isBefore(to)) {
            throw ProblemException.invalid(fromField, "must be before " + toField + " (" + from + " is not before "
                    + to + ")");
        }
    }
}
