package ai.sutazai.commons.problem;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A domain error that becomes a problem+json answer. Services throw it (or a subclass) and
 * never build error responses themselves.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of(), Map.of());
    }

    public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors,
            Map<String, String> headers) {
        super(detail);
        this.type = type;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    /** 400 about one field of the request: {@code detail} reads "field message." */
    public static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, field + " " + message + ".",
                List.of(new Problem.FieldError(field, message)), Map.of());
    }

    /** 400 about several fields at once, each with what is wrong with it. */
    public static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(ProblemType.VALIDATION,
                errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.", errors, Map.of());
    }

    /** 404: what the caller asked for does not exist, or is not theirs to see. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    /** 403: the caller is known but may not do this. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }

    /** 409: the request clashes with the current state, e.g. a duplicate id. */
    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    /** 422: well-formed, but it cannot be done as asked (a reused key with another body, a card that is no card). */
    public static ProblemException unprocessable(String detail) {
        return new ProblemException(ProblemType.UNPROCESSABLE, detail);
    }

    /** 503 with {@code Retry-After} (whole seconds, at least 1). */
    public static ProblemException unavailable(String detail, Duration retryAfter) {
        return withRetryAfter(ProblemType.SERVICE_UNAVAILABLE, detail, retryAfter);
    }

    /** 429 with {@code Retry-After} (whole seconds, at least 1). */
    public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
        return withRetryAfter(ProblemType.TOO_MANY_REQUESTS, detail, retryAfter);
    }

    private static ProblemException withRetryAfter(ProblemType type, String detail, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ProblemException(type, detail, List.of(), Map.of("Retry-After", String.valueOf(seconds)));
    }

    /** The problem type, which fixes the HTTP status. */
    public ProblemType type() {
        return type;
    }

    /** Invalid fields, for validation problems. */
    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** Extra response headers such as {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }
}
