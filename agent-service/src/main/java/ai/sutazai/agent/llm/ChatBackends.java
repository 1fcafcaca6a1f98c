package ai.sutazai.agent.llm;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.agent.registry.Agent;

/**
 * Where each agent's answers come from: {@code llm} personas from the platform's backend (Ollama's
 * native API or an OpenAI-compatible server), {@code openai} agents from their own server,
 * {@code http} agents by the old platform's contract. Also the checks behind live status, and the
 * platform backend's model list.
 */
@ApplicationScoped
public class ChatBackends {

    /** {@code LLM_PROVIDER} for Ollama's native API. */
    public static final String OLLAMA = "ollama";
    /** {@code LLM_PROVIDER} for an OpenAI-compatible server. */
    public static final String OPENAI = "openai";

    private static final ChatDialect OLLAMA_DIALECT = new OllamaDialect();
    private static final ChatDialect OPENAI_DIALECT = new OpenAiDialect();
    private static final ChatDialect LEGACY_DIALECT = new LegacyAgentDialect();

    private final BackendHttp http;
    private final AgentConfig.Llm config;
    private final Endpoint platform;

    public ChatBackends(BackendHttp http, AgentConfig config) {
        this.http = http;
        this.config = config.llm();
        this.platform = OPENAI.equals(this.config.provider())
                ? new Endpoint(this.config.openaiBaseUrl().orElse("").replaceAll("/+$", ""),
                        this.config.openaiApiKey().orElse(null))
                : new Endpoint(this.config.ollamaBaseUrl().replaceAll("/+$", ""), null);
    }

    /** The agent's answer to {@code call}, token by token as its backend sends it. */
    public Multi<ChatEvent> chat(Agent agent, ChatCall call) {
        Endpoint endpoint = endpointOf(agent);
        ChatDialect dialect = dialectOf(agent);
        ChatDialect.Parser parser = dialect.parser(endpoint);
        return http.stream(endpoint, dialect.chatPath(), dialect.body(call), dialect.framing())
                .onItem().transformToIterable(parser::accept)
                .onCompletion().switchTo(() -> Multi.createFrom().iterable(parser.end()));
    }

    /**
     * One live-status check of {@code agent}: its backend answers and, for a persona, serves its
     * model. {@code platformModels} is the round's one look at the platform backend's models.
     */
    public Uni<Void> check(Agent agent, String model, Uni<List<ModelInfo>> platformModels, Duration timeout) {
        return switch (agent.kind()) {
            case LLM -> platformModels.map(models -> {
                requireServed(models, model, platform);
                return null;
            });
            case OPENAI -> http.getJson(endpointOf(agent), "/models", timeout)
                    .map(list -> {
                        List<ModelInfo> served = openAiModels(list);
                        if (!served.isEmpty()) {
                            requireServed(served, model, endpointOf(agent));
                        }
                        return null;
                    });
            case HTTP -> http.getJson(endpointOf(agent), "/health", timeout)
                    .map(health -> {
                        String status = health.getString("status");
                        if ("degraded".equals(status) || "unhealthy".equals(status) || "down".equals(status)) {
                            throw LlmFailure.broken(endpointOf(agent), "reports itself " + status + ".");
                        }
                        return null;
                    });
        };
    }

    /** The models the platform's backend serves now, within {@code timeout}. */
    public Uni<List<ModelInfo>> platformModels(Duration timeout) {
        if (OPENAI.equals(config.provider())) {
            return http.getJson(platform, "/models", timeout).map(ChatBackends::openAiModels);
        }
        // What is loaded comes from /api/ps; without it the list still holds, loaded unknown.
        Uni<Map<String, Instant>> loaded = http.getJson(platform, "/api/ps", timeout).map(ChatBackends::loadedModels)
                .onFailure().recoverWithNull();
        return Uni.combine().all().unis(http.getJson(platform, "/api/tags", timeout), loaded)
                .with((tags, running) -> ollamaModels(tags, running));
    }

    /** Where the platform's backend is, for messages. */
    public String platformBackend() {
        return config.provider() + " at " + platform;
    }

    private Endpoint endpointOf(Agent agent) {
        return switch (agent.kind()) {
            case LLM -> platform;
            case OPENAI -> new Endpoint(agent.baseUrl(), agent.apiKey());
            case HTTP -> new Endpoint(agent.baseUrl(), null);
        };
    }

    private ChatDialect dialectOf(Agent agent) {
        return switch (agent.kind()) {
            case LLM -> OPENAI.equals(config.provider()) ? OPENAI_DIALECT : OLLAMA_DIALECT;
            case OPENAI -> OPENAI_DIALECT;
            case HTTP -> LEGACY_DIALECT;
        };
    }

    // Ollama names a model "name:tag" and takes a bare "name" as "name:latest".
    private static void requireServed(List<ModelInfo> models, String model, Endpoint endpoint) {
        String wanted = withTag(model);
        if (models.stream().noneMatch(served -> withTag(served.id()).equals(wanted))) {
            throw LlmFailure.broken(endpoint, "does not serve the model " + model + " (pull it, or choose another).");
        }
    }

    static String withTag(String model) {
        return model.contains(":") ? model : model + ":latest";
    }

    private static List<ModelInfo> ollamaModels(JsonObject tags, Map<String, Instant> running) {
        List<ModelInfo> models = new ArrayList<>();
        JsonArray list = tags.getJsonArray("models", new JsonArray());
        for (int i = 0; i < list.size(); i++) {
            JsonObject model = list.getJsonObject(i);
            JsonObject details = model.getJsonObject("details", new JsonObject());
            String name = model.getString("name", model.getString("model"));
            models.add(new ModelInfo(name, OLLAMA, details.getString("family"), details.getString("parameter_size"),
                    details.getString("quantization_level"), model.getLong("size"), instant(model.getString("modified_at")),
                    running == null ? null : running.containsKey(name), running == null ? null : running.get(name), null));
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
            models.add(new ModelInfo(model.getString("id"), OPENAI, null, null, null, null,
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
