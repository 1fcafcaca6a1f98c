package ai.sutazai.memory.search;

import java.util.Comparator;
import java.util.UUID;

/** The order every ranked list shares, so both vector backends and all modes break ties alike. */
final class Ranking {

    /** PostgreSQL's uuid order: the canonical lower-case text, compared as text. */
    static final Comparator<UUID> ID_ORDER = Comparator.comparing(UUID::toString);

    /** Best score first, then the smaller id. */
    static final Comparator<Ranked> BEST_FIRST = Comparator.comparingDouble(Ranked::score).reversed()
            .thenComparing(Ranked::id, ID_ORDER);

    private Ranking() {
    }
}
