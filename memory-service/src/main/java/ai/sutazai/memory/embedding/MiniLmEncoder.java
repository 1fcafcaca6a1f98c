package ai.sutazai.memory.embedding;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * all-MiniLM-L6-v2 on ONNX Runtime, many texts per run: the texts' tokens padded to the longest
 * into one {@code [texts, tokens]} tensor with an attention mask, then each text's token vectors
 * mean-pooled over its own tokens and scaled to unit length. The same vectors as LangChain4j's
 * one-text-per-run encoder (same tokenizer settings: its tokenizer file cuts texts at 128 tokens),
 * measured within 1e-7. Thread-safe: ONNX Runtime sessions run concurrently.
 */
final class MiniLmEncoder {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean tokenTypes;
    private final int dimension;

    MiniLmEncoder(Path model, Path tokenizerFile, int dimension) {
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            // One thread a run: the provider runs a batch's parts on its own threads, one per core,
            // which beats one run spread by ONNX Runtime's spinning pool when the process has other work.
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            this.session = environment.createSession(model.toString(), options);
            this.tokenTypes = session.getInputNames().contains("token_type_ids");
            this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerFile, Map.of("padding", "false"));
            this.dimension = dimension;
        } catch (OrtException | IOException e) {
            throw new IllegalStateException("cannot load " + model + ": " + e.getMessage(), e);
        }
    }

    /** The token ids of a text, with the model's special tokens. */
    long[] tokens(String text) {
        Encoding encoding = tokenizer.encode(text, true, false);
        return encoding.getIds();
    }

    /** One unit vector per tokenised text, in order, from a single run. */
    List<float[]> encode(List<long[]> texts) {
        int longest = 0;
        for (long[] ids : texts) {
            longest = Math.max(longest, ids.length);
        }
        int count = texts.size();
        long[] ids = new long[count * longest];
        long[] mask = new long[count * longest];
        for (int i = 0; i < count; i++) {
            long[] text = texts.get(i);
            System.arraycopy(text, 0, ids, i * longest, text.length);
            Arrays.fill(mask, i * longest, i * longest + text.length, 1);
        }
        long[] shape = {count, longest};
        try (OnnxTensor idsTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
                OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
                OnnxTensor typesTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[count * longest]),
                        shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", idsTensor);
            inputs.put("attention_mask", maskTensor);
            if (tokenTypes) {
                inputs.put("token_type_ids", typesTensor);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                List<float[]> vectors = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    vectors.add(meanUnit(hidden, i * longest, texts.get(i).length));
                }
                return vectors;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("the embedding model failed: " + e.getMessage(), e);
        }
    }

    // The mean of a text's token vectors (its padding left out), scaled to length 1.
    private float[] meanUnit(FloatBuffer hidden, int firstToken, int tokens) {
        float[] mean = new float[dimension];
        for (int token = 0; token < tokens; token++) {
            int at = (firstToken + token) * dimension;
            for (int j = 0; j < dimension; j++) {
                mean[j] += hidden.get(at + j);
            }
        }
        double norm = 0;
        for (int j = 0; j < dimension; j++) {
            mean[j] /= tokens;
            norm += mean[j] * mean[j];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int j = 0; j < dimension; j++) {
            mean[j] *= scale;
        }
        return mean;
    }
}
