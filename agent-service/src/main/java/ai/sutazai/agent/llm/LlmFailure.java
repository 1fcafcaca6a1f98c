package ai.sutazai.agent.llm;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;

/** A backend call that failed, as the problem the client gets: each timeout phase and kind of failure its own type. */
public class LlmFailure extends ProblemException {

    // A backend that is away is worth retrying shortly; the other failures are not helped by haste.
    private static final Map<String, String> RETRY_SOON = Map.of("Retry-After", "5");

    LlmFailure(ProblemType type, String detail) {
        super(type, detail, List.of(), type == ProblemType.SERVICE_UNAVAILABLE ? RETRY_SOON : Map.of());
    }

    static LlmFailure timeout(ProblemType phase, Endpoint endpoint, Duration limit) {
        String what = switch (phase) {
            case CONNECT_TIMEOUT -> "could not be connected to";
            case FIRST_TOKEN_TIMEOUT -> "sent no first token";
            case IDLE_TIMEOUT -> "sent nothing more";
            default -> "did not finish its answer";
        };
        return new LlmFailure(phase, "The model backend at " + endpoint + " " + what + " within " + limit.toMillis()
                + " ms.");
    }

    static LlmFailure unreachable(Endpoint endpoint, String reason) {
        return new LlmFailure(ProblemType.SERVICE_UNAVAILABLE, "The model backend at " + endpoint
                + " cannot be reached: " + reason);
    }

    static LlmFailure refused(Endpoint endpoint, int status, String message) {
        ProblemType type = status == 503 ? ProblemType.SERVICE_UNAVAILABLE : ProblemType.BAD_GATEWAY;
        return new LlmFailure(type, "The model backend at " + endpoint + " answered " + status
                + (message == null || message.isBlank() ? "." : ": " + message));
    }

    static LlmFailure broken(Endpoint endpoint, String what) {
        return new LlmFailure(ProblemType.BAD_GATEWAY, "The model backend at " + endpoint + " " + what);
    }
}
