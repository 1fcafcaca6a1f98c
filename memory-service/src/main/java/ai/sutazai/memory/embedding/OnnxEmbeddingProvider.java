package ai.sutazai.memory.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * all-MiniLM-L6-v2 run in-process by ONNX Runtime, from LangChain4j's packaged model: 384
 * dimensions, mean pooling, vectors normalised to unit length (cosine similarity is their dot
 * product). JVM only.
 */
public final class OnnxEmbeddingProvider implements EmbeddingProvider {

    /** The name {@code EMBEDDING_PROVIDER} selects it by. */
    public static final String NAME = "onnx";

    private static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    private final int threads;
    private volatile OnnxEmbeddingModel model;

    /** A provider that embeds the texts of one call on up to {@code threads} threads. */
    public OnnxEmbeddingProvider(int threads) {
        this.threads = threads;
    }

    @Override
    public String model() {
        return "all-minilm-l6-v2";
    }

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public void load() {
        // LangChain4j's AllMiniLmL6V2EmbeddingModel reads the 90 MB model into the heap (several
        // copies while it grows); copied to a file once, ONNX Runtime maps it natively instead, so
        // the service keeps a small heap.
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "sutazai-memory-model");
        Path modelFile = extract(MODEL_RESOURCE, folder);
        Path tokenizerFile = extract(TOKENIZER_RESOURCE, folder);
        // ONNX Runtime runs one text on about one core here; a batch's texts spread over the
        // cores go faster (measured by deploy/bench/memory.sh: 1.7x on 2 cores).
        AtomicInteger counter = new AtomicInteger();
        Executor pool = threads <= 1 ? Runnable::run : Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "memory-embedding-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        model = new OnnxEmbeddingModel(modelFile, tokenizerFile, PoolingMode.MEAN, pool);
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        return model.embedAll(segments).content().stream().map(Embedding::vector).toList();
    }

    private static Path extract(String resource, Path folder) {
        ClassLoader loader = OnnxEmbeddingModel.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            Files.createDirectories(folder);
            // Written under a unique name and moved into place, so concurrent starts never read half a file.
            Path partial = Files.createTempFile(folder, resource, ".partial");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Path target = folder.resolve(resource);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + resource + " to " + folder, e);
        }
    }
}
