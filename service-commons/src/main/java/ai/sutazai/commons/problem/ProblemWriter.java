package ai.sutazai.commons.problem;

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
        if (context.response().headWritten()) {
            // Too late for a status: the client sees the connection cut rather than a forged success.
            context.response().reset();
            return;
        }
        Problem problem = Problems.of(type, context.request());
        if (type == ProblemType.UNAUTHORIZED) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
        }
        String body;
        try {
            body = objectMapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a problem", e);
        }
        context.response()
                .setStatusCode(type.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}
