package ai.sutazai.commons.paging;

import java.util.List;
import java.util.function.Function;

/** One page of a listing: its items and the cursor of the next page, {@code null} on the last. */
public record Page<T>(List<T> items, String nextCursor) {

    /**
     * A page from up to {@code limit + 1} fetched rows: the extra row only tells that more exist, and
     * the cursor points after the last row returned.
     */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(List.copyOf(rows), null);
        }
        List<T> items = List.copyOf(rows.subList(0, limit));
        return new Page<>(items, cursorOf.apply(items.get(limit - 1)));
    }
}
