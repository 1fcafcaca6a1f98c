package ai.sutazai.agent.testing;

import static io.restassured.RestAssured.given;

import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;

import ai.sutazai.commons.testing.TestTokens;

/**
 * Registers agents for a test through the admin API, and removes them again. It names the port
 * itself, so it also works in {@code @BeforeAll} and {@code @AfterAll}, where RestAssured has none.
 */
public final class Agents {

    private Agents() {
    }

    private static RequestSpecification asAdmin() {
        return given().port(ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class))
                .auth().oauth2(admin());
    }

    /** An admin's token. */
    public static String admin() {
        return TestTokens.user("admin");
    }

    /** Registers an agent from these definition fields; answers its id. */
    public static String register(Map<String, Object> definition) {
        String id = (String) definition.get("id");
        asAdmin().contentType(ContentType.JSON).body(new JsonObject(definition).encode())
                .post("/api/v1/agents").then().statusCode(201);
        return id;
    }

    /** A persona of the platform backend with this model and system prompt. */
    public static String persona(String id, String model, String systemPrompt) {
        return register(Map.of("id", id, "name", "Test " + id, "kind", "llm", "model", model,
                "systemPrompt", systemPrompt));
    }

    /** Removes an agent if it exists. */
    public static void remove(String id) {
        asAdmin().delete("/api/v1/agents/" + id);
    }
}
