package ai.sutazai.memory.embedding;

import java.util.List;

/**
 * Turns texts into unit-length vectors. Implementations may block for a while: callers run them
 * on the embedder's own thread, never on an event loop.
 */
public interface EmbeddingProvider {

    /** The model's name, stored next to every vector it made. */
    String model();

    /** The length of every vector. */
    int dimension();

    /** Loads the model; called once, before {@link #embed}. */
    void load();

    /** One vector per text, in order. */
    List<float[]> embed(List<String> texts);
}
