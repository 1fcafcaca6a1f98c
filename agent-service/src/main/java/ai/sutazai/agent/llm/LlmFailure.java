package ai.sutazai.agent.llm;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;

/**
 * A backend call that failed, as the problem the client gets: each timeout phase and kind of
 * failure its own type. What a backend said is quoted only after anything like a key is blanked.
 */
public class LlmFailure extends ProblemException {

    // A backend that is away is worth retrying shortly; the other failures are not helped by haste.
    private static final Map<String, String> RETRY_SOON = Map.of("Retry-After", "5");
    // OpenAI-style keys, which OpenAI itself quotes in part in its 401 answers.
    private static final Pattern KEY_LIKE = Pattern.compile("sk-[A-Za-z0-9_*.-]{4,}");
    private static final int QUOTED = 500;

    private final boolean retryable;

    LlmFailure(ProblemType type, String detail) {
        this(type, detail, true);
    }

    LlmFailure(ProblemType type, String detail, boolean retryable) {
        super(type, detail, List.of(), type == ProblemType.SERVICE_UNAVAILABLE ? RETRY_SOON : Map.of());
        this.retryable = retryable;
    }

    /**
     * Whether trying again later may help: timeouts, an unreachable backend and its 5xx, 408 and 429
     * answers; not its other 4xx answers or answers it cannot parse.
     */
    public boolean retryable() {
        return retryable;
    }

    static LlmFailure timeout(ProblemType phase, Endpoint endpoint, Duration limit) {
        String what = switch (phase) {
            case CONNECT_TIMEOUT -> "could not be connected to";
            case FIRST_TOKEN_TIMEOUT -> "sent no first token";
            case IDLE_TIMEOUT -> "sent nothing more";
            default -> "did not finish its answer";
        };
        return new LlmFailure(phase, capitalised(endpoint) + " " + what + " within " + limit.toMillis() + " ms.");
    }

    static LlmFailure unreachable(Endpoint endpoint, Throwable cause) {
        // The cause's own message names the address, which is not the client's to know.
        return new LlmFailure(ProblemType.SERVICE_UNAVAILABLE, capitalised(endpoint) + " cannot be reached ("
                + cause.getClass().getSimpleName() + ").");
    }

    static LlmFailure refused(Endpoint endpoint, int status, String message) {
        if (status == 401 || status == 403) {
            return new LlmFailure(ProblemType.BAD_GATEWAY, capitalised(endpoint) + " answered " + status
                    + ": it does not accept the agent's credentials.", false);
        }
        ProblemType type = status == 503 ? ProblemType.SERVICE_UNAVAILABLE : ProblemType.BAD_GATEWAY;
        String said = message == null || message.isBlank() ? "." : ": " + quote(endpoint, message);
        return new LlmFailure(type, capitalised(endpoint) + " answered " + status + said,
                status >= 500 || status == 408 || status == 429);
    }

    static LlmFailure broken(Endpoint endpoint, String what) {
        return new LlmFailure(ProblemType.BAD_GATEWAY, capitalised(endpoint) + " " + what, false);
    }

    /** What a backend said, fit to show: keys blanked, at most 500 characters. */
    static String quote(Endpoint endpoint, String said) {
        String text = said;
        if (endpoint.apiKey() != null && !endpoint.apiKey().isEmpty()) {
            text = text.replace(endpoint.apiKey(), "***");
        }
        text = KEY_LIKE.matcher(text).replaceAll("sk-***");
        return text.length() > QUOTED ? text.substring(0, QUOTED) + "..." : text;
    }

    private static String capitalised(Endpoint endpoint) {
        String label = endpoint.label();
        return Character.toUpperCase(label.charAt(0)) + label.substring(1);
    }
}
