import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

import ai.sutazai.memory.embedding.OnnxEmbeddingProvider;

/**
 * The floor under one exact semantic search in memory-service, with nothing around it: embedding
 * the query with the service's provider, then one plain pass over N unit vectors packed in one
 * float[] keeping the best 10 in a heap. Run by deploy/bench/memory.sh with memory-service's jar and
 * libraries on the class path. Arguments: model file, tokenizer file, vectors, seconds. Prints
 * "p50_ms p99_ms" of embedding plus scoring.
 */
public class ScoreRate {

    private static final int DIMENSION = 384;
    private static final String[] QUERIES = { "river boats at sunset", "planning the quarterly budget",
            "a recipe with fresh basil", "how to train a young dog", "meeting notes about the launch" };

    public static void main(String[] args) {
        var provider = new OnnxEmbeddingProvider(1, OnnxEmbeddingProvider.TEXTS_PER_RUN);
        provider.load(Path.of(args[0]), Path.of(args[1]));
        int count = Integer.parseInt(args[2]);
        long until = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000_000L;
        Random random = new Random(42);
        float[] vectors = new float[count * DIMENSION];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = (float) random.nextGaussian() / 20;
        }
        double[] took = new double[100_000];
        int runs = 0;
        double sink = 0;
        for (int i = 0; System.nanoTime() < until && runs < took.length; i++) {
            long started = System.nanoTime();
            float[] query = provider.embed(List.of(QUERIES[i % QUERIES.length])).get(0);
            PriorityQueue<Double> best = new PriorityQueue<>();
            for (int v = 0; v < count; v++) {
                double score = dot(query, vectors, v * DIMENSION);
                if (best.size() < 10) {
                    best.add(score);
                } else if (score > best.peek()) {
                    best.poll();
                    best.add(score);
                }
            }
            sink += best.peek();
            if (i >= 20) { // the first runs warm the JIT up
                took[runs++] = (System.nanoTime() - started) / 1e6;
            }
        }
        Arrays.sort(took, 0, runs);
        System.out.printf("%.2f %.2f%n", took[runs / 2], took[Math.min(runs - 1, (int) (runs * 0.99))]);
        if (sink == 42) {
            System.out.println(); // keeps the JIT from dropping the scoring as unused
        }
    }

    private static double dot(float[] query, float[] vectors, int offset) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        for (int i = 0; i < DIMENSION; i += 4) {
            s0 += query[i] * vectors[offset + i];
            s1 += query[i + 1] * vectors[offset + i + 1];
            s2 += query[i + 2] * vectors[offset + i + 2];
            s3 += query[i + 3] * vectors[offset + i + 3];
        }
        return (double) s0 + s1 + s2 + s3;
    }
}
