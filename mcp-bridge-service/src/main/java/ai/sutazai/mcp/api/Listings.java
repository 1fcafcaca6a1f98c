package ai.sutazai.mcp.api;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import ai.sutazai.commons.paging.Cursors;
import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.paging.PageQuery;

/**
 * Pages of the bridge's in-memory lists (servers, tools, resources, prompts), in the suite's list
 * format: ordered by a text key, the cursor holding the last key returned.
 */
final class Listings {

    private Listings() {
    }

    /** The items after the query's cursor, at most its limit, ordered by {@code key}. */
    static <T> Page<T> page(List<T> items, Function<T, String> key, PageQuery query) {
        String cursor = query.cursor();
        int limit = query.limit();
        String after = cursor == null || cursor.isEmpty() ? null : Cursors.decode(cursor, 1).get(0);
        List<T> rest = items.stream()
                .sorted(Comparator.comparing(key))
                .filter(item -> after == null || key.apply(item).compareTo(after) > 0)
                .limit(limit + 1L)
                .toList();
        return Page.of(rest, limit, item -> Cursors.encode(key.apply(item)));
    }
}
