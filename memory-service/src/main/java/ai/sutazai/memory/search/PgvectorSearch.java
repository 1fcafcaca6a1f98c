package ai.sutazai.memory.search;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.memory.embedding.EmbeddingModel;
import ai.sutazai.memory.embedding.Vectors;
import ai.sutazai.memory.memories.MemoryFilter;
import ai.sutazai.memory.memories.MemoryRepository;

/**
 * Semantic search through pgvector's HNSW index on the {@code public.vector} cast of the stored
 * {@code real[]}. The index is approximate: {@code hnsw.ef_search} trades speed for recall, and
 * with pgvector 0.8+ an iterative scan keeps filtered queries from coming back short.
 */
final class PgvectorSearch implements VectorSearch {

    static final String NAME = "pgvector";

    private final Pool pool;
    private final EmbeddingModel model;
    private final String settings;
    private final String vectorType;

    PgvectorSearch(Pool pool, EmbeddingModel model, int efSearch, boolean iterativeScan) {
        this.pool = pool;
        this.model = model;
        this.settings = "SELECT set_config('hnsw.ef_search', '" + efSearch + "', true)"
                + (iterativeScan ? ", set_config('hnsw.iterative_scan', 'relaxed_order', true)" : "");
        this.vectorType = "public.vector(" + model.dimension() + ")";
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<List<Ranked>> nearest(String ownerId, MemoryFilter filter, float[] query, int depth, Double minScore) {
        String distance = "m.embedding::" + vectorType + " OPERATOR(public.<=>) $2::real[]::" + vectorType;
        List<Object> params = new ArrayList<>(List.of(ownerId, Vectors.boxed(query), model.name()));
        // The dimension is a literal so the planner can match the partial index built for it.
        StringBuilder sql = new StringBuilder("SELECT m.id, 1 - (" + distance + ") AS score FROM memory.memories m "
                + "WHERE m.owner_id = $1 AND m.embedding_dimension = " + model.dimension()
                + " AND m.embedding_status = 'ready' AND m.embedding_model = $3 AND " + MemoryRepository.LIVE);
        filter.appendTo(sql, params);
        params.add(depth);
        sql.append(" ORDER BY ").append(distance).append(" LIMIT $").append(params.size());
        // The nearest by distance, then only those at least minScore similar, ties by id like the exact backend.
        params.add(minScore == null ? -1.0 : minScore);
        String ranked = "SELECT id, score FROM (" + sql + ") nearest WHERE score >= $" + params.size()
                + " ORDER BY score DESC, id";
        return pool.withTransaction(connection -> connection.query(settings).execute()
                .flatMap(set -> connection.preparedQuery(ranked).execute(Tuple.from(params))))
                .map(rows -> {
                    List<Ranked> nearest = new ArrayList<>();
                    rows.forEach(row -> nearest.add(new Ranked(row.getUUID("id"), row.getDouble("score"))));
                    return nearest;
                });
    }
}
