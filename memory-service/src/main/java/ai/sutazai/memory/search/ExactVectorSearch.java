package ai.sutazai.memory.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.memory.MemoryConfig;
import ai.sutazai.memory.embedding.EmbeddingModel;
import ai.sutazai.memory.embedding.Vectors;
import ai.sutazai.memory.memories.MemoryFilter;
import ai.sutazai.memory.memories.MemoryRepository;

/**
 * Semantic search without pgvector: every candidate in the owner's scope is compared with the
 * query in the JVM. PostgreSQL says which memories are in scope right now (id and version, with
 * the filters and expiry applied), so a committed write is never missed and a deleted or expired
 * memory never returned; only their vectors come from an in-memory cache keyed by id and version.
 */
@Singleton
public class ExactVectorSearch implements VectorSearch {

    static final String NAME = "exact";
    // Vectors fetched per query when they are not cached yet; bounds one statement's result.
    private static final int FETCH_CHUNK = 2000;

    private record Candidate(UUID id, long version) {
    }

    private record CachedVector(long version, float[] unit) {
    }

    private final Pool pool;
    private final EmbeddingModel model;
    private final Cache<UUID, CachedVector> vectors;

    public ExactVectorSearch(Pool pool, EmbeddingModel model, MemoryConfig config) {
        this.pool = pool;
        this.model = model;
        this.vectors = Caffeine.newBuilder().maximumSize(config.search().vectorCacheSize()).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<List<Ranked>> nearest(String ownerId, MemoryFilter filter, float[] query, int depth, Double minScore) {
        List<Object> params = new ArrayList<>(List.of(ownerId, model.name()));
        StringBuilder sql = new StringBuilder("SELECT m.id, m.version FROM memory.memories m WHERE m.owner_id = $1 "
                + "AND m.embedding_status = 'ready' AND m.embedding_model = $2 AND " + MemoryRepository.LIVE);
        filter.appendTo(sql, params);
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(params))
                .map(rows -> {
                    List<Candidate> candidates = new ArrayList<>(rows.size());
                    rows.forEach(row -> candidates.add(new Candidate(row.getUUID("id"), row.getLong("version"))));
                    return candidates;
                })
                .flatMap(candidates -> vectorsOf(candidates)
                        // Scoring thousands of vectors is CPU work: off the event loop.
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .map(found -> best(candidates, found, query, depth, minScore)));
    }

    /** Vectors held in memory now (for the status page). */
    public long cachedVectors() {
        return vectors.estimatedSize();
    }

    // The current vector of every candidate that still has one: cached, or read in chunks.
    private Uni<Map<UUID, float[]>> vectorsOf(List<Candidate> candidates) {
        Map<UUID, float[]> found = new HashMap<>(candidates.size() * 2);
        List<UUID> missing = new ArrayList<>();
        for (Candidate candidate : candidates) {
            CachedVector cached = vectors.getIfPresent(candidate.id());
            if (cached != null && cached.version() == candidate.version()) {
                found.put(candidate.id(), cached.unit());
            } else {
                missing.add(candidate.id());
            }
        }
        Uni<Void> reads = Uni.createFrom().voidItem();
        for (int from = 0; from < missing.size(); from += FETCH_CHUNK) {
            List<UUID> chunk = missing.subList(from, Math.min(missing.size(), from + FETCH_CHUNK));
            reads = reads.flatMap(done -> read(chunk, found));
        }
        return reads.replaceWith(found);
    }

    private Uni<Void> read(List<UUID> ids, Map<UUID, float[]> found) {
        return pool.preparedQuery("SELECT m.id, m.version, m.embedding FROM memory.memories m "
                + "WHERE m.id = ANY($1) AND m.embedding_status = 'ready' AND m.embedding_model = $2")
                .execute(Tuple.of(ids.toArray(UUID[]::new), model.name()))
                .invoke(rows -> {
                    for (Row row : rows) {
                        float[] unit = Vectors.unit(row.getArrayOfFloats("embedding"));
                        vectors.put(row.getUUID("id"), new CachedVector(row.getLong("version"), unit));
                        found.put(row.getUUID("id"), unit);
                    }
                })
                .replaceWithVoid();
    }

    private static List<Ranked> best(List<Candidate> candidates, Map<UUID, float[]> found, float[] query, int depth,
            Double minScore) {
        // A min-heap of the best so far: its head is the first to drop out.
        PriorityQueue<Ranked> best = new PriorityQueue<>(depth + 1, Ranking.BEST_FIRST.reversed());
        for (Candidate candidate : candidates) {
            float[] vector = found.get(candidate.id());
            if (vector == null) {
                continue; // changed since the scope was read; it is pending again
            }
            double score = dot(query, vector);
            if (minScore != null && score < minScore) {
                continue;
            }
            best.add(new Ranked(candidate.id(), score));
            if (best.size() > depth) {
                best.poll();
            }
        }
        List<Ranked> ranked = new ArrayList<>(best);
        ranked.sort(Ranking.BEST_FIRST);
        return ranked;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
