package ai.sutazai.agent.chat;

import java.util.List;

import java.util.stream.IntStream;

import com.fasterxml.jackson.annotation.JsonInclude;

import ai.sutazai.agent.llm.Usage;
import ai.sutazai.agent.memory.RecalledMemory;

/**
 * The answer to a chat turn (and, without {@code reply}, the {@code done} event of a streamed one):
 * the reply, who gave it with which model, the conversation, what it cost, and whether history was
 * read ({@code historyAvailable}) and the turn stored ({@code historyStored}); {@code warnings} say
 * what went wrong on the way.
 */
public record ChatReply(@JsonInclude(JsonInclude.Include.NON_NULL) String reply, String agentId, String model, String conversationId, String finishReason,
        UsageView usage, boolean historyAvailable, boolean historyStored, List<Recalled> memories, List<String> warnings) {

    /** Tokens and timings, with the total. */
    public record UsageView(Integer promptTokens, Integer completionTokens, Integer totalTokens, Long totalDurationMs,
            Long loadDurationMs, Long promptEvalDurationMs, Long evalDurationMs) {

        public static UsageView of(Usage usage) {
            return new UsageView(usage.promptTokens(), usage.completionTokens(), usage.totalTokens(),
                    usage.totalDurationMs(), usage.loadDurationMs(), usage.promptEvalDurationMs(), usage.evalDurationMs());
        }
    }

    /** A memory recalled into the prompt, with its label there ({@code m1}...) and its similarity. */
    public record Recalled(String label, String id, double score) {

        static List<Recalled> of(List<RecalledMemory> memories) {
            return IntStream.range(0, memories.size())
                    .mapToObj(i -> new Recalled("m" + (i + 1), memories.get(i).id(), memories.get(i).score())).toList();
        }
    }
}
