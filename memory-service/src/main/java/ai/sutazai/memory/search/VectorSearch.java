package ai.sutazai.memory.search;

import java.util.List;

import io.smallrye.mutiny.Uni;

import ai.sutazai.memory.memories.MemoryFilter;

/** The semantic list: an owner's memories nearest to a query vector by cosine similarity. */
public interface VectorSearch {

    /** The backend's name, as search answers and the status endpoint show it. */
    String name();

    /**
     * The owner's {@code depth} live, embedded memories most similar to {@code query} (a unit vector
     * of the active model), best first, ties by id; none below {@code minScore} when it is set.
     */
    Uni<List<Ranked>> nearest(String ownerId, MemoryFilter filter, float[] query, int depth, Double minScore);
}
