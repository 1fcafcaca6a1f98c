package ai.sutazai.agent.a2a;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.registry.Agent;
import ai.sutazai.agent.registry.AgentRegistry;

/**
 * The platform's agent card: one skill per enabled agent (the skill id is the agent id, which a
 * message's metadata names), the JSON-RPC endpoint and bearer tokens. The v1.0 card also carries
 * v0.3's top-level {@code url} and {@code protocolVersion}, so clients of either version read it;
 * {@code /.well-known/agent.json} is the card in v0.3's shape alone.
 */
@ApplicationScoped
public class PlatformCard {

    static final String ENDPOINT = "/a2a";
    private static final String NAME = "SutazAI";
    private static final String DESCRIPTION = "The SutazAI platform's agents: send a message with metadata.agentId "
            + "(a skill id below) to pick one; without it the platform's default agent answers.";
    private static final String BEARER = "Bearer tokens of the SutazAI gateway: a user's access token or a personal "
            + "access token.";

    private final AgentRegistry registry;
    private final String version;

    public PlatformCard(AgentRegistry registry,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "0.1.0") String version) {
        this.registry = registry;
        this.version = version;
    }

    /** The v1.0 card (with v0.3's top-level fields) for clients at {@code baseUrl}. */
    public Uni<JsonObject> current(String baseUrl) {
        String url = baseUrl + ENDPOINT;
        return skills().map(skills -> common(skills)
                .put("supportedInterfaces", new JsonArray()
                        .add(new JsonObject().put("url", url).put("protocolBinding", "JSONRPC").put("protocolVersion", "1.0"))
                        .add(new JsonObject().put("url", url).put("protocolBinding", "JSONRPC").put("protocolVersion", "0.3")))
                .put("url", url).put("protocolVersion", "0.3.0").put("preferredTransport", "JSONRPC")
                .put("securitySchemes", new JsonObject().put("bearer", new JsonObject().put("httpAuthSecurityScheme",
                        new JsonObject().put("scheme", "Bearer").put("bearerFormat", "JWT").put("description", BEARER))))
                .put("securityRequirements", new JsonArray().add(new JsonObject().put("schemes",
                        new JsonObject().put("bearer", new JsonObject().put("list", new JsonArray()))))));
    }

    /** The card in v0.3's shape, for clients that read only that. */
    public Uni<JsonObject> legacy(String baseUrl) {
        return skills().map(skills -> common(skills).put("url", baseUrl + ENDPOINT).put("protocolVersion", "0.3.0")
                .put("preferredTransport", "JSONRPC")
                .put("securitySchemes", new JsonObject().put("bearer", new JsonObject().put("type", "http")
                        .put("scheme", "bearer").put("bearerFormat", "JWT").put("description", BEARER)))
                .put("security", new JsonArray().add(new JsonObject().put("bearer", new JsonArray()))));
    }

    private JsonObject common(JsonArray skills) {
        return new JsonObject().put("name", NAME).put("description", DESCRIPTION).put("version", version)
                .put("capabilities", new JsonObject().put("streaming", true).put("pushNotifications", false))
                .put("defaultInputModes", new JsonArray().add("text/plain"))
                .put("defaultOutputModes", new JsonArray().add("text/plain")).put("skills", skills);
    }

    private Uni<JsonArray> skills() {
        return registry.all().map(agents -> {
            JsonArray skills = new JsonArray();
            agents.stream().filter(Agent::enabled).forEach(agent -> skills.add(new JsonObject().put("id", agent.id())
                    .put("name", agent.name())
                    .put("description", agent.description().isBlank() ? agent.name() : agent.description())
                    .put("tags", new JsonArray(tags(agent))).put("examples", new JsonArray())));
            return skills;
        });
    }

    private static List<String> tags(Agent agent) {
        return agent.capabilities().isEmpty() ? List.of(agent.kind().toString()) : agent.capabilities();
    }
}
