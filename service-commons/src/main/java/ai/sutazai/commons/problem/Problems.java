package ai.sutazai.commons.problem;

import java.util.List;

import jakarta.ws.rs.core.Response;

import io.vertx.core.http.HttpServerRequest;

import ai.sutazai.commons.requestid.RequestIds;

/** Builds problem answers the same way for REST resources and for the Vert.x layer. */
public final class Problems {

    private Problems() {
    }

    /** A problem about {@code request}, carrying its path and request id. */
    public static Problem of(ProblemType type, String detail, HttpServerRequest request,
            List<Problem.FieldError> errors) {
        return new Problem(type.uri(), type.title(), type.status(), detail, request.path(),
                RequestIds.of(request), errors.isEmpty() ? null : List.copyOf(errors));
    }

    /** A problem about {@code request} with the type's default detail. */
    public static Problem of(ProblemType type, HttpServerRequest request) {
        return of(type, defaultDetail(type, request), request, List.of());
    }

    /** The detail a client sees when the failure itself says nothing useful. */
    public static String defaultDetail(ProblemType type, HttpServerRequest request) {
        return switch (type) {
            case NOT_FOUND -> "Nothing is served at " + request.method() + " " + request.path() + ".";
            case METHOD_NOT_ALLOWED -> request.method() + " is not allowed on " + request.path() + ".";
            case UNSUPPORTED_MEDIA_TYPE -> "Content type '" + request.getHeader("Content-Type")
                    + "' is not supported here; send application/json.";
            case NOT_ACCEPTABLE -> "None of the media types in Accept '" + request.getHeader("Accept")
                    + "' can be produced here.";
            case UNAUTHORIZED -> "A valid bearer token is required: send 'Authorization: Bearer <token>'.";
            case FORBIDDEN -> "Your token does not grant access to " + request.path() + ".";
            case CONTENT_TOO_LARGE -> "The request body is larger than this service accepts.";
            case BAD_REQUEST -> "The request is malformed.";
            case INTERNAL -> "An unexpected error occurred; quote the request id when reporting it.";
            default -> type.title() + ".";
        };
    }

    /** The JAX-RS answer for a problem. */
    public static Response.ResponseBuilder response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
