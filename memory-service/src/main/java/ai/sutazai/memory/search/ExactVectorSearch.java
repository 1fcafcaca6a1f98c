package ai.sutazai.memory.search;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import ai.sutazai.memory.MemoryConfig;
import ai.sutazai.memory.embedding.EmbeddingModel;
import ai.sutazai.memory.memories.MemoryFilter;
import ai.sutazai.memory.search.VectorRepository.Changes;
import ai.sutazai.memory.search.VectorRepository.Revision;

/**
 * Semantic search without pgvector: every candidate in the owner's scope is compared with the
 * query in the JVM, from an in-memory index of the owner's vectors ({@link OwnerVectors}). Each
 * search first reads the owner's revision, which every committed change of the owner's memories
 * raises (on any replica); an index behind it catches up with what changed since, before scoring.
 * So a committed write is never missed, and a deleted or expired memory (expiry by PostgreSQL's
 * clock) never returned. Indexes are kept per owner, the least recently searched dropped first.
 */
@Singleton
public class ExactVectorSearch implements VectorSearch {

    static final String NAME = "exact";
    // Changes read per statement while catching up; bounds one result (2000 vectors are 3 MB).
    static final int PAGE = 2000;

    private final VectorRepository repository;
    private final EmbeddingModel model;
    // Weighed by vectors held (and one for the owner, so empty indexes are bounded too); an owner's
    // index is put again after it caught up, so its weight follows.
    private final Cache<String, OwnerVectors> owners;

    public ExactVectorSearch(VectorRepository repository, EmbeddingModel model, MemoryConfig config) {
        this.repository = repository;
        this.model = model;
        this.owners = Caffeine.newBuilder().maximumWeight(config.search().vectorCacheSize())
                .weigher((String owner, OwnerVectors vectors) -> 1 + vectors.size()).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<List<Ranked>> nearest(String ownerId, MemoryFilter filter, float[] query, int depth, Double minScore) {
        OwnerVectors index = owners.get(ownerId, owner -> new OwnerVectors(model.dimension()));
        return repository.revision(ownerId).flatMap(now -> current(ownerId, index, now.revision())
                .flatMap(ready -> filter.equals(MemoryFilter.NONE)
                        ? score(index, query, now, depth, minScore, null)
                        : filtered(ownerId, index, filter, query, now, depth, minScore)));
    }

    // PostgreSQL applies the filter; the index, caught up again if the scope holds a newer memory, scores.
    private Uni<List<Ranked>> filtered(String ownerId, OwnerVectors index, MemoryFilter filter, float[] query,
            Revision now, int depth, Double minScore) {
        return repository.scope(ownerId, model.name(), filter).flatMap(scope -> index.holdsAll(scope)
                ? score(index, query, now, depth, minScore, scope)
                : repository.revision(ownerId).flatMap(later -> current(ownerId, index, later.revision()))
                        .flatMap(ready -> score(index, query, now, depth, minScore, scope)));
    }

    // Scoring a large scope is CPU work: off the event loop.
    private static Uni<List<Ranked>> score(OwnerVectors index, float[] query, Revision now, int depth, Double minScore,
            List<UUID> among) {
        return Uni.createFrom().item(() -> index.nearest(query, now.nowMillis(), depth, minScore, among))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    // Completes once the index holds every change up to {@code revision}; a catch-up already under way
    // may have started before it, so the revision is checked again after each.
    private Uni<Void> current(String ownerId, OwnerVectors index, long revision) {
        if (index.revision() >= revision) {
            return Uni.createFrom().voidItem();
        }
        return index.catchUp(() -> load(ownerId, index, index.revision(), null, index.deletions()))
                .invoke(done -> owners.asMap().replace(ownerId, index, index))
                .flatMap(done -> current(ownerId, index, revision));
    }

    // Reads what changed after (afterRevision, afterId) page by page; if memories were deleted meanwhile,
    // lists the owner's ids once to drop them (a deleted row leaves nothing to read).
    private Uni<Void> load(String ownerId, OwnerVectors index, long afterRevision, UUID afterId, long deletionsBefore) {
        return repository.changes(ownerId, model.name(), afterRevision, afterId, PAGE)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(changes -> {
                    index.apply(changes.rows());
                    // A first load misses only what was deleted after its first snapshot.
                    long before = deletionsBefore < 0 ? changes.at().deletions() : deletionsBefore;
                    if (changes.rows().size() == PAGE) {
                        VectorRepository.Change last = changes.rows().get(PAGE - 1);
                        return load(ownerId, index, last.revision(), last.id(), before);
                    }
                    return dropDeleted(ownerId, index, changes, before);
                });
    }

    private Uni<Void> dropDeleted(String ownerId, OwnerVectors index, Changes last, long deletionsBefore) {
        if (last.at().deletions() == deletionsBefore) {
            index.caughtUp(last.at());
            return Uni.createFrom().voidItem();
        }
        return repository.ids(ownerId).emitOn(Infrastructure.getDefaultWorkerPool()).invoke(ids -> {
            index.retain(ids);
            index.caughtUp(last.at());
        }).replaceWithVoid();
    }
}
