package ai.sutazai.commons.problem;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Writes a problem+json answer straight to the Vert.x response, for errors raised outside REST. */
@ApplicationScoped
public class ProblemWriter {

    private final ObjectMapper objectMapper;

    public ProblemWriter(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    /** Answers {@code context} with a problem of {@code type} and its default detail. */
    public void write(RoutingContext context, ProblemType type) {
        write(context, Problems.of(type, context.request()), Map.of());
    }

    /** Answers {@code context} with a domain error raised outside REST (e.g. during authentication). */
    public void write(RoutingContext context, ProblemException failure) {
        write(context, Problems.of(failure.type(), failure.getMessage(), context.request(), failure.errors()),
                failure.headers());
    }

    private void write(RoutingContext context, Problem problem, Map<String, String> headers) {
        if (context.response().headWritten()) {
            // Too late for a status: the client sees the connection cut rather than a forged success.
            context.response().reset();
            return;
        }
        if (problem.status() == 401) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
        }
        headers.forEach(context.response()::putHeader);
        String body;
        try {
            body = objectMapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a problem", e);
        }
        context.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}
