package ai.sutazai.commons.problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;

/**
 * Turns every exception that reaches a REST resource's boundary into problem+json. Built-in
 * Quarkus mappers are matched by exact exception type, so each type they cover is listed here
 * to take precedence.
 */
public class ProblemExceptionMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        Response.ResponseBuilder response = Problems.response(Problems.of(e.type(), e.getMessage(), request, e.errors()));
        if (e.type().status() == 401) {
            // RFC 9110 §15.5.2: a 401 names the scheme it wants.
            response.header("WWW-Authenticate", "Bearer");
        }
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper({ WebApplicationException.class, NotFoundException.class, NotAllowedException.class,
            NotSupportedException.class, NotAcceptableException.class, BadRequestException.class })
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            // Quarkus REST wraps a body it cannot parse in a plain 400.
            return malformedJson(json, request);
        }
        if (e instanceof NotFoundException && e.getCause() != null && !(e.getCause() instanceof WebApplicationException)) {
            // Jakarta REST answers a parameter it cannot convert (limit=abc) with 404; it is a bad request.
            return Problems.response(Problems.of(ProblemType.BAD_REQUEST, "A query or path parameter has a value of "
                    + "the wrong type (" + e.getCause().getMessage() + ").", request, List.of())).build();
        }
        ProblemType type = ProblemType.forStatus(e.getResponse().getStatus());
        String message = e.getMessage();
        // JAX-RS fills in "HTTP 404 Not Found" and the like, which tells the client nothing new.
        String detail = message == null || message.startsWith("HTTP ") ? Problems.defaultDetail(type, request) : message;
        if (type.status() >= 500) {
            Log.errorf(e, "Request failed with %d", type.status());
            detail = Problems.defaultDetail(ProblemType.INTERNAL, request);
        }
        Response.ResponseBuilder response = Problems.response(Problems.of(type, detail, request, List.of()));
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            response.header(HttpHeaders.ALLOW, allow);
        }
        return response.build();
    }

    @ServerExceptionMapper({ ConstraintViolationException.class, ResteasyReactiveViolationException.class })
    public Response constraintViolation(ConstraintViolationException e, HttpServerRequest request) {
        Set<ConstraintViolation<?>> violations = e.getConstraintViolations();
        if (violations.stream().anyMatch(ProblemExceptionMappers::isReturnValue)) {
            // The service broke its own contract: that is our bug, not the client's.
            Log.errorf(e, "Response failed validation");
            return Problems.response(Problems.of(ProblemType.INTERNAL, request)).build();
        }
        List<Problem.FieldError> errors = violations.stream()
                .map(v -> new Problem.FieldError(fieldName(v.getPropertyPath()), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return Problems.response(Problems.of(ProblemType.VALIDATION,
                errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.", request, errors))
                .build();
    }

    @ServerExceptionMapper({ JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class })
    public Response malformedJson(JsonProcessingException e, HttpServerRequest request) {
        if (e instanceof JsonMappingException mapping && !(e instanceof MismatchedInputException)
                && mapping.getPath().isEmpty()) {
            // Not about the input at all: a type Jackson cannot handle, which is our bug.
            return unexpected(e, request);
        }
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = jsonPath(mismatch.getPath());
            String expected = mismatch.getTargetType() == null ? "another type" : describe(mismatch.getTargetType());
            return Problems.response(Problems.of(ProblemType.VALIDATION, "1 field is invalid.", request,
                    List.of(new Problem.FieldError(field, "must be " + expected)))).build();
        }
        String detail = "The body is not valid JSON: " + e.getOriginalMessage()
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")");
        return Problems.response(Problems.of(ProblemType.BAD_REQUEST, detail, request, List.of())).build();
    }

    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthorized(RuntimeException e, HttpServerRequest request) {
        return Problems.response(Problems.of(ProblemType.UNAUTHORIZED, request))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return Problems.response(Problems.of(ProblemType.FORBIDDEN, request)).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        Log.errorf(e, "Unhandled error on %s %s", request.method(), request.path());
        return Problems.response(Problems.of(ProblemType.INTERNAL, request)).build();
    }

    private static boolean isReturnValue(ConstraintViolation<?> violation) {
        return StreamSupport.stream(violation.getPropertyPath().spliterator(), false)
                .anyMatch(node -> node.getKind() == ElementKind.RETURN_VALUE);
    }

    // "create.probe.name" → "name", "list.limit" → "limit": clients know fields and parameters, not methods.
    private static String fieldName(Path path) {
        List<String> names = new ArrayList<>();
        ElementKind previous = null;
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, CROSS_PARAMETER, RETURN_VALUE -> names.clear();
                case PARAMETER -> names.add(node.getName());
                default -> {
                    if (previous == ElementKind.PARAMETER) {
                        // A property of a body parameter: the parameter's Java name means nothing to the client.
                        names.remove(names.size() - 1);
                    }
                    // A node inside a list or map carries the position in its container: "messages[0].role".
                    Object position = node.getIndex() != null ? node.getIndex() : node.getKey();
                    if (node.isInIterable() && position != null && !names.isEmpty()) {
                        names.set(names.size() - 1, names.get(names.size() - 1) + "[" + position + "]");
                    }
                    if (node.getKind() != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                        names.add(node.getName());
                    }
                }
            }
            previous = node.getKind();
        }
        return names.stream().filter(n -> n != null && !n.isEmpty()).collect(Collectors.joining("."));
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
