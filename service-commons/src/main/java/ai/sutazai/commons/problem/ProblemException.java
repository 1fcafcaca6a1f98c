package ai.sutazai.commons.problem;

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
