package ai.sutazai.agent.openai;

import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;

import io.vertx.core.json.JsonObject;

import ai.sutazai.commons.problem.Problem;

/**
 * OpenAI's error shape, {@code {"error": {message, type, param, code}}}, from the suite's problems,
 * so OpenAI SDKs raise their own typed errors (BadRequestError, NotFoundError, RateLimitError...).
 */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    /** The error object for {@code problem}. */
    static JsonObject of(Problem problem) {
        String message = problem.detail();
        if (problem.errors() != null && !problem.errors().isEmpty()) {
            message = message + " " + problem.errors().stream().map(e -> snakeCase(e.field()) + " " + e.message())
                    .collect(Collectors.joining("; ")) + ".";
        }
        String param = problem.errors() == null || problem.errors().isEmpty() ? null
                : snakeCase(problem.errors().get(0).field());
        return new JsonObject().put("error", new JsonObject()
                .put("message", message)
                .put("type", type(problem.status()))
                .put("param", param)
                .put("code", code(problem)));
    }

    // OpenAI's parameters are snake_case (max_tokens); our field errors name the Java components (maxTokens).
    private static String snakeCase(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** The HTTP answer for {@code problem}, with its headers (Retry-After) kept by the caller. */
    static Response.ResponseBuilder response(Problem problem) {
        return Response.status(problem.status()).type("application/json").entity(of(problem).encode());
    }

    private static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "invalid_request_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    // OpenAI's own codes where one fits; else the problem type's slug, e.g. first_token_timeout.
    private static String code(Problem problem) {
        if (problem.status() == 404) {
            return "model_not_found";
        }
        if (problem.status() == 429) {
            return "rate_limit_exceeded";
        }
        String slug = problem.type().substring(problem.type().lastIndexOf(':') + 1);
        return slug.replace('-', '_').toLowerCase(Locale.ROOT);
    }
}
