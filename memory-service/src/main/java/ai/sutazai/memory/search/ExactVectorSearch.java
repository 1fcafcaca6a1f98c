package ai.sutazai.memory.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

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
 * memory never returned; only their vectors come from an in-memory cache: per owner (the scope of
 * every search), by id and version, the least recently searched owners dropped first.
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
    // Weighed by vectors held; an owner's map is put again after it grows, so its weight follows.
    private final Cache<String, Map<UUID, CachedVector>> scopes;

    public ExactVectorSearch(Pool pool, EmbeddingModel model, MemoryConfig config) {
        this.pool = pool;
        this.model = model;
        this.scopes = Caffeine.newBuilder().maximumWeight(config.search().vectorCacheSize())
                .weigher((String owner, Map<UUID, CachedVector> vectors) -> vectors.size()).build();
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
                // Scoring thousands of vectors is CPU work: off the event loop.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(candidates -> {
                    Map<UUID, CachedVector> vectors = scopes.get(ownerId, owner -> new ConcurrentHashMap<>());
                    if (filter.equals(MemoryFilter.NONE) && vectors.size() > candidates.size()) {
                        // The whole scope was listed: what it no longer holds was deleted or expired.
                        Set<UUID> live = new HashSet<>(candidates.size() * 2);
                        candidates.forEach(candidate -> live.add(candidate.id()));
                        vectors.keySet().retainAll(live);
                    }
                    Nearest best = new Nearest(depth, minScore);
                    List<UUID> missing = new ArrayList<>();
                    for (Candidate candidate : candidates) {
                        CachedVector cached = vectors.get(candidate.id());
                        if (cached != null && cached.version() == candidate.version()) {
                            best.offer(candidate.id(), dot(query, cached.unit()));
                        } else {
                            missing.add(candidate.id());
                        }
                    }
                    return read(missing, (id, vector) -> {
                        vectors.put(id, vector);
                        best.offer(id, dot(query, vector.unit()));
                    })
                            .invoke(done -> {
                                if (!missing.isEmpty()) {
                                    scopes.put(ownerId, vectors);
                                }
                            })
                            .emitOn(Infrastructure.getDefaultWorkerPool())
                            .map(done -> best.ranked());
                });
    }

    // Reads the current vectors of these memories (those that still have one) in chunks.
    private Uni<Void> read(List<UUID> ids, BiConsumer<UUID, CachedVector> found) {
        Uni<Void> reads = Uni.createFrom().voidItem();
        for (int from = 0; from < ids.size(); from += FETCH_CHUNK) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + FETCH_CHUNK));
            reads = reads.flatMap(done -> pool.preparedQuery("SELECT m.id, m.version, m.embedding "
                    + "FROM memory.memories m WHERE m.id = ANY($1) AND m.embedding_status = 'ready' "
                    + "AND m.embedding_model = $2").execute(Tuple.of(chunk.toArray(UUID[]::new), model.name()))
                    .invoke(rows -> {
                        for (Row row : rows) {
                            found.accept(row.getUUID("id"), new CachedVector(row.getLong("version"),
                                    Vectors.unit(row.getArrayOfFloats("embedding"))));
                        }
                    })
                    .replaceWithVoid());
        }
        return reads;
    }

    /** The best {@code depth} scores offered, at least {@code minScore} when set. */
    private static final class Nearest {
        private final int depth;
        private final Double minScore;
        // A min-heap of the best so far: its head is the first to drop out.
        private final PriorityQueue<Ranked> best;

        Nearest(int depth, Double minScore) {
            this.depth = depth;
            this.minScore = minScore;
            this.best = new PriorityQueue<>(depth + 1, Ranking.BEST_FIRST.reversed());
        }

        void offer(UUID id, double score) {
            if (minScore != null && score < minScore) {
                return;
            }
            if (best.size() == depth && score < best.peek().score()) {
                return;
            }
            best.add(new Ranked(id, score));
            if (best.size() > depth) {
                best.poll();
            }
        }

        List<Ranked> ranked() {
            List<Ranked> ranked = new ArrayList<>(best);
            ranked.sort(Ranking.BEST_FIRST);
            return ranked;
        }
    }

    // Four independent sums let the CPU overlap the multiplications; the JIT does not reorder float adds.
    static double dot(float[] a, float[] b) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (int end = a.length - 3; i < end; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return (double) s0 + s1 + s2 + s3;
    }
}
