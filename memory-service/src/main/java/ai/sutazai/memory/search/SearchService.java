package ai.sutazai.memory.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.memory.MemoryConfig;
import ai.sutazai.memory.embedding.EmbeddingModel;
import ai.sutazai.memory.memories.Memory;
import ai.sutazai.memory.memories.MemoryFilter;
import ai.sutazai.memory.memories.MemoryRepository;
import ai.sutazai.memory.memories.MemoryService;

/** Searches one owner's live memories by words, by meaning, or both. */
@ApplicationScoped
public class SearchService {

    static final int DEFAULT_LIMIT = 10;
    // Each list of a hybrid search goes at least this deep, so fusion can lift what one list ranks low.
    static final int HYBRID_MIN_DEPTH = 20;

    private final KeywordSearch keywords;
    private final VectorIndex vectors;
    private final EmbeddingModel model;
    private final MemoryRepository repository;
    private final MemoryConfig config;
    private final MeterRegistry metrics;

    public SearchService(KeywordSearch keywords, VectorIndex vectors, EmbeddingModel model,
            MemoryRepository repository, MemoryConfig config, MeterRegistry metrics) {
        this.keywords = keywords;
        this.vectors = vectors;
        this.model = model;
        this.repository = repository;
        this.config = config;
        this.metrics = metrics;
    }

    /** Runs the search {@code request} describes over {@code ownerId}'s memories. */
    public Uni<SearchResult> search(String ownerId, SearchRequest request) {
        SearchMode mode = mode(request.mode());
        String query = request.query().strip();
        if (query.isEmpty()) {
            throw MemoryService.invalid("query", "must not be blank");
        }
        if (query.length() > config.maxContentLength()) {
            throw MemoryService.invalid("query", "must be at most " + config.maxContentLength() + " characters");
        }
        if (request.minScore() != null && !mode.usesVectors()) {
            throw MemoryService.invalid("minScore", "is a cosine similarity and applies to semantic and hybrid search, "
                    + "not to keyword search");
        }
        int limit = request.limit() == null ? DEFAULT_LIMIT : request.limit();
        int depth = mode == SearchMode.HYBRID ? Math.max(limit, HYBRID_MIN_DEPTH) : limit;
        MemoryFilter filter = filter(request.filter());
        boolean explain = Boolean.TRUE.equals(request.explain());
        VectorSearch backend = vectors.active();
        Timer.Sample started = Timer.start(metrics);

        Uni<List<Ranked>> byWords = mode.usesKeywords() ? keywords.rank(ownerId, query, filter, depth)
                : Uni.createFrom().item(List.of());
        Uni<List<Ranked>> byMeaning = mode.usesVectors()
                ? embed(query).flatMap(vector -> backend.nearest(ownerId, filter, vector, depth, request.minScore()))
                : Uni.createFrom().item(List.of());
        Uni<Long> pending = explain && mode.usesVectors() ? pendingEmbeddings(ownerId, filter)
                : Uni.createFrom().nullItem();

        return Uni.combine().all().unis(byWords, byMeaning, pending).asTuple().flatMap(lists -> {
            List<ReciprocalRankFusion.Fused> ranked = rank(mode, lists.getItem1(), lists.getItem2());
            List<ReciprocalRankFusion.Fused> page = ranked.subList(0, Math.min(limit, ranked.size()));
            SearchResult.Explain why = explain ? new SearchResult.Explain(
                    mode == SearchMode.HYBRID ? config.search().rrfK() : null, depth,
                    mode.usesKeywords() ? lists.getItem1().size() : null,
                    mode.usesVectors() ? lists.getItem2().size() : null,
                    mode.usesVectors() ? model.name() : null, lists.getItem3()) : null;
            return memories(ownerId, page).map(found -> new SearchResult(hits(page, found, explain), null,
                    mode.wireName(), mode.usesVectors() ? backend.name() : null, why));
        }).invoke(answered -> started.stop(metrics.timer("memory.search", "mode", mode.wireName(),
                "backend", mode.usesVectors() ? backend.name() : "none")));
    }

    private List<ReciprocalRankFusion.Fused> rank(SearchMode mode, List<Ranked> byWords, List<Ranked> byMeaning) {
        return switch (mode) {
            case HYBRID -> ReciprocalRankFusion.fuse(byWords, byMeaning, config.search().rrfK());
            case KEYWORD -> single(byWords, true);
            case SEMANTIC -> single(byMeaning, false);
        };
    }

    private static List<ReciprocalRankFusion.Fused> single(List<Ranked> list, boolean keyword) {
        List<ReciprocalRankFusion.Fused> ranked = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Ranked hit = list.get(i);
            ranked.add(keyword
                    ? new ReciprocalRankFusion.Fused(hit.id(), hit.score(), hit.score(), null, i + 1, null)
                    : new ReciprocalRankFusion.Fused(hit.id(), hit.score(), null, hit.score(), null, i + 1));
        }
        return ranked;
    }

    // The query's vector, computed on a worker thread: the model blocks for milliseconds.
    private Uni<float[]> embed(String query) {
        if (model.state() != EmbeddingModel.State.READY) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "Semantic search is unavailable: "
                    + model.problem().orElse("the embedding model is not ready") + ". Keyword search still works.");
        }
        return Uni.createFrom().item(() -> model.embed(List.of(query)).get(0))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<Long> pendingEmbeddings(String ownerId, MemoryFilter filter) {
        List<Object> params = new ArrayList<>(List.of(ownerId));
        StringBuilder sql = new StringBuilder("SELECT count(*) AS pending FROM memory.memories m WHERE m.owner_id = $1 "
                + "AND m.embedding_status = 'pending' AND " + MemoryRepository.LIVE);
        filter.appendTo(sql, params);
        return repository.pool().preparedQuery(sql.toString()).execute(Tuple.from(params))
                .map(rows -> rows.iterator().next().getLong("pending"));
    }

    // The hits' memories as they are now; one deleted or expired since it was ranked is left out.
    private Uni<Map<UUID, Memory>> memories(String ownerId, List<ReciprocalRankFusion.Fused> page) {
        if (page.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return repository.findAll(ownerId, page.stream().map(ReciprocalRankFusion.Fused::id).toArray(UUID[]::new));
    }

    private static List<SearchResult.Hit> hits(List<ReciprocalRankFusion.Fused> page, Map<UUID, Memory> found,
            boolean explain) {
        List<SearchResult.Hit> hits = new ArrayList<>(page.size());
        for (ReciprocalRankFusion.Fused hit : page) {
            Memory memory = found.get(hit.id());
            if (memory != null) {
                hits.add(new SearchResult.Hit(memory, hit.score(),
                        explain ? new SearchResult.Scores(hit.keywordScore(), hit.semanticScore()) : null,
                        explain ? new SearchResult.Ranks(hit.keywordRank(), hit.semanticRank()) : null));
            }
        }
        return hits;
    }

    private static SearchMode mode(String name) {
        if (name == null) {
            return SearchMode.HYBRID;
        }
        return SearchMode.parse(name).orElseThrow(() -> MemoryService.invalid("mode", "must be one of "
                + Arrays.stream(SearchMode.values()).map(SearchMode::wireName).collect(Collectors.joining(", "))));
    }

    private static MemoryFilter filter(SearchRequest.Filter filter) {
        if (filter == null) {
            return MemoryFilter.NONE;
        }
        Map<String, Object> metadata = filter.metadata() == null ? Map.of() : filter.metadata();
        metadata.keySet().stream().filter(key -> !MemoryFilter.METADATA_KEY.matcher(key).matches()).findFirst()
                .ifPresent(key -> {
                    throw MemoryService.invalid("filter.metadata", "has the key \"" + key
                            + "\"; keys are 1-64 letters, digits, '_' or '-'");
                });
        return new MemoryFilter(filter.namespace(), filter.agentId(), filter.sessionId(),
                filter.tags() == null ? List.of() : filter.tags(), metadata);
    }
}
