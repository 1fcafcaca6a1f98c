package ai.sutazai.agent.chat;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.agent.llm.ChatMessage;
import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;

/**
 * The bounds of a turn, the same for the chat API and the OpenAI-compatible one: how many
 * messages, how long each, and a last message that is the user's and says something.
 */
@ApplicationScoped
public class TurnLimits {

    private final AgentConfig.Chat config;

    public TurnLimits(AgentConfig config) {
        this.config = config.chat();
    }

    /**
     * Checks a turn's messages; {@code singleField} names the field of a turn given as one message
     * (else each is {@code messages[i]}). Throws a 400 naming every field that breaks a bound.
     */
    public void check(List<ChatMessage> messages, String singleField) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (messages.size() > config.maxMessages()) {
            throw ProblemException.invalid("messages", "must hold at most " + config.maxMessages() + " messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            String field = singleField != null ? singleField : "messages[" + i + "].content";
            String content = messages.get(i).content();
            if (i == messages.size() - 1 && content.isBlank() && !"tool".equals(messages.get(i).role())) {
                errors.add(new Problem.FieldError(field, "must not be blank"));
            } else if (content.length() > config.maxMessageLength()) {
                errors.add(new Problem.FieldError(field, "must be at most " + config.maxMessageLength()
                        + " characters (it has " + content.length() + ")"));
            }
        }
        int last = messages.size() - 1;
        // A client that runs its own tools continues a turn with their results (OpenAI-compatible API).
        if (!"user".equals(messages.get(last).role()) && !"tool".equals(messages.get(last).role())) {
            errors.add(new Problem.FieldError("messages[" + last + "].role",
                    "must be user: a turn ends with the user's message (or, with your own tools, their results)"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
