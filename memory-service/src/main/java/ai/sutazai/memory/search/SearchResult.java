package ai.sutazai.memory.search;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import ai.sutazai.memory.memories.Memory;

/**
 * A search answer: the hits best first (one page: {@code nextCursor} is always null), the mode
 * that ran, the vector backend that served the semantic list, and with {@code explain} how.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchResult(List<Hit> items, String nextCursor, String mode, String vectorBackend, Explain explain) {

    /** A memory, its score in the mode that ran, and with {@code explain} its score and rank per list. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hit(Memory memory, double score, Scores scores, Ranks ranks) {
    }

    /** Scores per list: keyword {@code ts_rank_cd} (0..1), semantic cosine similarity; null when not listed. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Scores(Double keyword, Double semantic) {
    }

    /** 1-based ranks per list; null when not listed. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Ranks(Integer keyword, Integer semantic) {
    }

    /**
     * How the answer came about: the fusion constant, how deep each list went, what each found, and
     * memories in scope not yet embedded (so not yet found by meaning).
     */
    public record Explain(Integer rrfK, int depth, Integer keywordCandidates, Integer semanticCandidates,
            String embeddingModel, Long pendingEmbeddings) {
    }
}
