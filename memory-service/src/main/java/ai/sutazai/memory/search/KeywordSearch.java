package ai.sutazai.memory.search;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.memory.memories.MemoryFilter;
import ai.sutazai.memory.memories.MemoryRepository;

/**
 * Full-text search over the stored {@code search_text} (English stemming, GIN index), with the
 * query read as web search syntax: words, "quoted phrases", OR and -exclusions.
 */
@ApplicationScoped
public class KeywordSearch {

    private final Pool pool;

    public KeywordSearch(Pool pool) {
        this.pool = pool;
    }

    /** The owner's best {@code depth} matches, scored by {@code ts_rank_cd} scaled to 0..1. */
    public Uni<List<Ranked>> rank(String ownerId, String query, MemoryFilter filter, int depth) {
        List<Object> params = new ArrayList<>(List.of(ownerId, query));
        StringBuilder sql = new StringBuilder("SELECT m.id, ts_rank_cd(m.search_text, q, 32)::float8 AS score "
                + "FROM memory.memories m, websearch_to_tsquery('english'::regconfig, $2) q "
                + "WHERE m.owner_id = $1 AND m.search_text @@ q AND " + MemoryRepository.LIVE);
        filter.appendTo(sql, params);
        params.add(depth);
        sql.append(" ORDER BY score DESC, m.id LIMIT $").append(params.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(params)).map(rows -> {
            List<Ranked> ranked = new ArrayList<>();
            rows.forEach(row -> ranked.add(new Ranked(row.getUUID("id"), row.getDouble("score"))));
            return ranked;
        });
    }
}
