package ai.sutazai.memory;

import io.quarkus.runtime.annotations.QuarkusMain;

import ai.sutazai.commons.config.ServiceLauncher;
import ai.sutazai.memory.embedding.OnnxEmbeddingProvider;

/** Starts memory-service once its settings have been checked. */
@QuarkusMain
public final class MemoryMain {

    private MemoryMain() {
    }

    public static void main(String... args) {
        ServiceLauncher.checkConfigThenRun("memory-service", args, check -> check.jwt().postgres().redis().common()
                .oneOf("EMBEDDING_PROVIDER", OnnxEmbeddingProvider.NAME));
    }
}
