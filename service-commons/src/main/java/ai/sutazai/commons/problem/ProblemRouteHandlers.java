package ai.sutazai.commons.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * problem+json for errors raised outside REST resources: authentication and authorization in the
 * HTTP layer, body limits, and paths nothing serves.
 */
@ApplicationScoped
public class ProblemRouteHandlers {

    private final ProblemWriter writer;

    public ProblemRouteHandlers(ProblemWriter writer) {
        this.writer = writer;
    }

    void install(@Observes Router router) {
        // Runs before Quarkus' own last-resort failure handlers, which answer with empty or HTML bodies.
        router.route().failureHandler(this::onFailure);
        router.route().last().handler(context -> writer.write(context, ProblemType.NOT_FOUND));
    }

    private void onFailure(RoutingContext context) {
        if (context.failure() instanceof ProblemException problem) {
            writer.write(context, problem);
            return;
        }
        writer.write(context, typeOf(context));
    }

    private static ProblemType typeOf(RoutingContext context) {
        Throwable failure = context.failure();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                || failure instanceof AuthenticationCompletionException) {
            return ProblemType.UNAUTHORIZED;
        }
        if (failure instanceof ForbiddenException) {
            return ProblemType.FORBIDDEN;
        }
        if (failure instanceof HttpException http) {
            return ProblemType.forStatus(http.getStatusCode());
        }
        if (failure == null) {
            return ProblemType.forStatus(context.statusCode());
        }
        Log.errorf(failure, "Unhandled error on %s %s", context.request().method(), context.request().path());
        return ProblemType.INTERNAL;
    }
}
