package ai.sutazai.memory.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;

/**
 * all-MiniLM-L6-v2 run in-process by ONNX Runtime, from LangChain4j's packaged model: 384
 * dimensions, mean pooling, vectors normalised to unit length (cosine similarity is their dot
 * product). A call's texts are sorted by length and cut into runs of a few, each one padded run of
 * the model, taken by one thread per core. JVM only.
 */
public final class OnnxEmbeddingProvider implements EmbeddingProvider {

    /** The name {@code EMBEDDING_PROVIDER} selects it by. */
    public static final String NAME = "onnx";

    private static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
    private static final int DIMENSION = 384;

    /**
     * Texts per run of the model: a few texts a run beat both one text a run and one run for a whole
     * batch, whose activations outgrow the CPU's caches (deploy/bench/memory/EmbeddingRate.java with
     * its texts-per-run argument, 2 cores: 161 texts/s at 4, 149 at 1, 126 at 16).
     */
    public static final int TEXTS_PER_RUN = 4;

    private final int threads;
    private final int textsPerRun;
    private volatile MiniLmEncoder encoder;
    private volatile ExecutorService pool;

    /** A provider that embeds the texts of one call on up to {@code threads} threads, {@code textsPerRun} at a time. */
    public OnnxEmbeddingProvider(int threads, int textsPerRun) {
        this.threads = Math.max(1, threads);
        this.textsPerRun = Math.max(1, textsPerRun);
    }

    @Override
    public String model() {
        return "all-minilm-l6-v2";
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public void load() {
        // Copied to a file once, the 90 MB model is mapped natively by ONNX Runtime instead of
        // read into the heap (several copies while it grows), so the service keeps a small heap.
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "sutazai-memory-model");
        load(extract(MODEL_RESOURCE, folder), extract(TOKENIZER_RESOURCE, folder));
    }

    /** Loads the model from these files (the benchmark's raw run uses the files the service extracted). */
    public void load(Path modelFile, Path tokenizerFile) {
        AtomicInteger counter = new AtomicInteger();
        pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, runnable -> {
            Thread thread = new Thread(runnable, "memory-embedding-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        encoder = new MiniLmEncoder(modelFile, tokenizerFile, DIMENSION);
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        int count = texts.size();
        List<long[]> tokens = new ArrayList<>(count);
        for (String text : texts) {
            tokens.add(encoder.tokens(text));
        }
        // Texts of like length share a run, so little of it is padding.
        List<Integer> order = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> tokens.get(i).length));
        List<List<Integer>> runs = new ArrayList<>();
        for (int from = 0; from < count; from += textsPerRun) {
            runs.add(order.subList(from, Math.min(count, from + textsPerRun)));
        }
        float[][] vectors = new float[count][];
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int run; (run = next.getAndIncrement()) < runs.size();) {
                place(vectors, runs.get(run), encode(runs.get(run), tokens));
            }
        };
        List<Future<?>> helpers = new ArrayList<>();
        for (int helper = 0; helper < Math.min(threads, runs.size()) - 1; helper++) {
            helpers.add(pool.submit(work));
        }
        // The calling thread takes runs too, so one thread per core works in all.
        work.run();
        helpers.forEach(OnnxEmbeddingProvider::join);
        return Arrays.asList(vectors);
    }

    private List<float[]> encode(List<Integer> slice, List<long[]> tokens) {
        List<long[]> part = new ArrayList<>(slice.size());
        slice.forEach(i -> part.add(tokens.get(i)));
        return encoder.encode(part);
    }

    private static void place(float[][] vectors, List<Integer> slice, List<float[]> encoded) {
        for (int i = 0; i < slice.size(); i++) {
            vectors[slice.get(i)] = encoded.get(i);
        }
    }

    private static void join(Future<?> helper) {
        try {
            helper.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(e.getCause());
        }
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
