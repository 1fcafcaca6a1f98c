package ai.sutazai.commons.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An error answer in the suite's one error format, RFC 9457 {@code application/problem+json}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, String instance, String requestId,
        List<FieldError> errors) {

    /** The media type of every error answer. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field of a request: where it is and what is wrong with it. */
    @RegisterForReflection
    public record FieldError(String field, String message) {
    }
}
