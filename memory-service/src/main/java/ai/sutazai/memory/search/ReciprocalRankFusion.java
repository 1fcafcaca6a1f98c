package ai.sutazai.memory.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reciprocal rank fusion: a memory scores the sum over the lists it appears in of
 * {@code 1 / (k + rank)}, rank counted from 1. Ties go to the smaller id, so results are stable.
 */
final class ReciprocalRankFusion {

    /** A fused memory with its place in each list (null where absent). */
    record Fused(UUID id, double score, Double keywordScore, Double semanticScore, Integer keywordRank,
            Integer semanticRank) {
    }

    private ReciprocalRankFusion() {
    }

    static List<Fused> fuse(List<Ranked> keyword, List<Ranked> semantic, int k) {
        Map<UUID, Fused> fused = new LinkedHashMap<>();
        for (int i = 0; i < keyword.size(); i++) {
            Ranked hit = keyword.get(i);
            fused.put(hit.id(), new Fused(hit.id(), 1.0 / (k + i + 1), hit.score(), null, i + 1, null));
        }
        for (int i = 0; i < semantic.size(); i++) {
            Ranked hit = semantic.get(i);
            int rank = i + 1;
            fused.merge(hit.id(), new Fused(hit.id(), 1.0 / (k + rank), null, hit.score(), null, rank),
                    (fromKeywords, fromVectors) -> new Fused(hit.id(), fromKeywords.score() + fromVectors.score(),
                            fromKeywords.keywordScore(), hit.score(), fromKeywords.keywordRank(), rank));
        }
        List<Fused> ranked = new ArrayList<>(fused.values());
        ranked.sort(Comparator.comparingDouble(Fused::score).reversed().thenComparing(Fused::id, Ranking.ID_ORDER));
        return ranked;
    }
}
