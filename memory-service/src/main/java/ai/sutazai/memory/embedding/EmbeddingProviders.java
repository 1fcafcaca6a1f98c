package ai.sutazai.memory.embedding;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import ai.sutazai.memory.MemoryConfig;

/** Picks the provider {@code EMBEDDING_PROVIDER} names (checked before start-up). */
public class EmbeddingProviders {

    @Produces
    @Singleton
    EmbeddingProvider provider(MemoryConfig config) {
        String name = config.embedding().provider();
        if (OnnxEmbeddingProvider.NAME.equals(name)) {
            return new OnnxEmbeddingProvider(config.embedding().threads()
                    .orElse(Runtime.getRuntime().availableProcessors()), OnnxEmbeddingProvider.TEXTS_PER_RUN);
        }
        throw new IllegalStateException("EMBEDDING_PROVIDER=" + name + " is not a provider this build has");
    }
}
