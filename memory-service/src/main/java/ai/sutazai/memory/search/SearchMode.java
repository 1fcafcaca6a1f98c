package ai.sutazai.memory.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which lists a search ranks by. */
public enum SearchMode {
    /** PostgreSQL full text: stemmed words, ranked by cover density. */
    KEYWORD,
    /** Cosine similarity of embeddings. */
    SEMANTIC,
    /** Both, fused by reciprocal rank. */
    HYBRID;

    /** The name on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code name}, if there is one. */
    public static Optional<SearchMode> parse(String name) {
        return Arrays.stream(values()).filter(mode -> mode.wireName().equals(name)).findFirst();
    }

    boolean usesKeywords() {
        return this != SEMANTIC;
    }

    boolean usesVectors() {
        return this != KEYWORD;
    }
}
