package ai.sutazai.agent.llm;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an answer cost, as far as the backend says: tokens, and (from Ollama) where the time went,
 * in milliseconds. Null where the backend does not report it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Usage(Integer promptTokens, Integer completionTokens, Long totalDurationMs, Long loadDurationMs,
        Long promptEvalDurationMs, Long evalDurationMs) {

    /** Nothing reported. */
    public static final Usage NONE = new Usage(null, null, null, null, null, null);

    /** Prompt and completion tokens together, when both are known. */
    public Integer totalTokens() {
        return promptTokens == null || completionTokens == null ? null : promptTokens + completionTokens;
    }
}
