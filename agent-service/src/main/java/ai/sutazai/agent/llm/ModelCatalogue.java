package ai.sutazai.agent.llm;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The models a backend serves, one shape from both dialects: Ollama's {@code /api/tags} with
 * {@code /api/ps} for what is loaded, or an OpenAI-compatible {@code /models}.
 */
@ApplicationScoped
public class ModelCatalogue {

    private final BackendHttp http;
    private final PlatformBackend platform;

    public ModelCatalogue(BackendHttp http, PlatformBackend platform) {
        this.http = http;
        this.platform = platform;
    }

    /** The models the platform's backend serves now, within {@code timeout}. */
    public Uni<List<ModelInfo>> platformModels(Duration timeout) {
        Endpoint endpoint = platform.endpoint();
        if (platform.isOpenAi()) {
            return openAiModels(endpoint, timeout);
        }
        // What is loaded comes from /api/ps; without it the list still holds, loaded unknown.
        Uni<Map<String, Instant>> loaded = http.getJson(endpoint, "/api/ps", timeout)
                .map(ps -> parsed(endpoint, () -> loadedModels(ps))).onFailure().recoverWithNull();
        return Uni.combine().all().unis(http.getJson(endpoint, "/api/tags", timeout), loaded)
                .with((tags, running) -> parsed(endpoint, () -> ollamaModels(tags, running)));
    }

    /** The models an OpenAI-compatible server lists at {@code /models}. */
    Uni<List<ModelInfo>> openAiModels(Endpoint endpoint, Duration timeout) {
        return http.getJson(endpoint, "/models", timeout).map(list -> parsed(endpoint, () -> openAiModels(list)));
    }

    // A list of the wrong shape is the backend's fault: a bad gateway, never our 500.
    private static <T> T parsed(Endpoint endpoint, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (ClassCastException | NullPointerException e) {
            throw LlmFailure.broken(endpoint, "listed its models in an unexpected shape.");
        }
    }

    private static List<ModelInfo> ollamaModels(JsonObject tags, Map<String, Instant> running) {
        List<ModelInfo> models = new ArrayList<>();
        JsonArray list = tags.getJsonArray("models", new JsonArray());
        for (int i = 0; i < list.size(); i++) {
            JsonObject model = list.getJsonObject(i);
            JsonObject details = model.getJsonObject("details", new JsonObject());
            String name = model.getString("name", model.getString("model"));
            models.add(new ModelInfo(name, PlatformBackend.OLLAMA, details.getString("family"),
                    details.getString("parameter_size"), details.getString("quantization_level"), model.getLong("size"),
                    instant(model.getString("modified_at")), running == null ? null : running.containsKey(name),
                    running == null ? null : running.get(name), null));
        }
        return models;
    }

    private static Map<String, Instant> loadedModels(JsonObject ps) {
        Map<String, Instant> loaded = new HashMap<>();
        JsonArray list = ps.getJsonArray("models", new JsonArray());
        for (int i = 0; i < list.size(); i++) {
            JsonObject model = list.getJsonObject(i);
            loaded.put(model.getString("name", model.getString("model")), instant(model.getString("expires_at")));
        }
        return loaded;
    }

    private static List<ModelInfo> openAiModels(JsonObject answer) {
        List<ModelInfo> models = new ArrayList<>();
        JsonArray list = answer.getJsonArray("data", new JsonArray());
        for (int i = 0; i < list.size(); i++) {
            JsonObject model = list.getJsonObject(i);
            Long created = model.getLong("created");
            models.add(new ModelInfo(model.getString("id"), PlatformBackend.OPENAI, null, null, null, null,
                    created == null ? null : Instant.ofEpochSecond(created), null, null, model.getString("owned_by")));
        }
        return models;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
