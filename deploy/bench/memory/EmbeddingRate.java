import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.sutazai.memory.embedding.OnnxEmbeddingProvider;

/**
 * The raw rate of the embedding model memory-service uses, on this machine, for the given texts:
 * the service's own provider (the same inference code and model files) called on batches of the
 * service's batch size, each batch spread over the given number of threads, with no HTTP or
 * database around it. Run by deploy/bench/memory.sh with memory-service's jar and libraries on the
 * class path. Arguments: model file, tokenizer file, texts file (one per line), threads, batch size,
 * and optionally texts per run of the model (the service's by default). Prints texts per second.
 */
public class EmbeddingRate {

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        int textsPerRun = args.length > 5 ? Integer.parseInt(args[5]) : OnnxEmbeddingProvider.TEXTS_PER_RUN;
        var provider = new OnnxEmbeddingProvider(threads, textsPerRun);
        provider.load(Path.of(args[0]), Path.of(args[1]));
        List<String> texts = Files.readAllLines(Path.of(args[2]));
        for (int from = 0; from < Math.min(100, texts.size()); from += batch) { // warm-up, as the service's run has one
            provider.embed(texts.subList(from, Math.min(texts.size(), from + batch)));
        }
        long started = System.nanoTime();
        for (int from = 0; from < texts.size(); from += batch) {
            provider.embed(texts.subList(from, Math.min(texts.size(), from + batch)));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%.1f%n", texts.size() / seconds);
    }
}
