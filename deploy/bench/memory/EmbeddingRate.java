import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * The raw rate of the embedding model memory-service uses, on this machine, for the given texts:
 * the same model files and batches of 32 as the service's embedder, a batch's texts spread over the
 * given number of threads. Run by deploy/bench/memory.sh with memory-service's libraries on the
 * class path. Arguments: model file, tokenizer file, texts file (one per line), threads. Prints
 * texts per second.
 */
public class EmbeddingRate {

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[3]);
        var model = new OnnxEmbeddingModel(Path.of(args[0]), Path.of(args[1]), PoolingMode.MEAN,
                threads == 1 ? Runnable::run : Executors.newFixedThreadPool(threads));
        List<TextSegment> texts = Files.readAllLines(Path.of(args[2])).stream().map(TextSegment::from).toList();
        model.embedAll(texts.subList(0, Math.min(64, texts.size()))); // warm-up
        long started = System.nanoTime();
        for (int from = 0; from < texts.size(); from += 32) {
            model.embedAll(texts.subList(from, Math.min(texts.size(), from + 32)));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%.1f%n", texts.size() / seconds);
        System.exit(0); // the pool's threads are not daemons
    }
}
