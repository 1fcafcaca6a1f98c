package ai.sutazai.agent.registry;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import ai.sutazai.agent.status.AgentStatusMonitor;
import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.StubLlm;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.commons.testing.TestTokens;

/** The registry: seeded personas, admin changes with precise errors, API keys that never come back. */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class AgentRegistryTest {

    private static final String SECRET_KEY = "sk-registry-test-9d2b7e4f1a";
    private static final List<String> PERSONAS = List.of("letta", "crewai", "aider", "langchain", "finrobot",
            "shellgpt", "documind", "gpt-engineer");

    StubLlm llm;

    @Inject
    AgentStatusMonitor monitor;

    @BeforeEach
    void awaitSeeding() {
        llm.reset();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(TestTokens.user())
                .get("/api/v1/agents/gpt-engineer").statusCode() == 200);
    }

    @AfterEach
    void removeTestAgents() {
        List.of("reg-remote", "reg-legacy", "reg-a", "reg-b", "reg-c").forEach(Agents::remove);
    }

    @Test
    void theOldPlatformsEightAgentsAreSeededAsPersonasWithRealSystemPrompts() {
        given().auth().oauth2(TestTokens.user()).get("/api/v1/agents?kind=llm&limit=500").then().statusCode(200)
                .body("items.id", hasItems(PERSONAS.toArray(String[]::new)))
                .body("nextCursor", nullValue());
        for (String id : PERSONAS) {
            agent(id).body("kind", is("llm")).body("origin", is("seed")).body("enabled", is(true))
                    .body("effectiveModel", is("tinyllama")).body("connection", nullValue())
                    .body("systemPrompt.length()", greaterThan(300));
        }
        agent("letta").body("recallMemories", is(5)).body("capabilities", hasItem("memory"));
        agent("shellgpt").body("systemPrompt", containsString("You cannot run commands"));
        given().auth().oauth2(TestTokens.user()).get("/api/v1/agents?capability=code").then().statusCode(200)
                .body("items.id", containsInAnyOrder("aider", "gpt-engineer"));
    }

    @Test
    void anAdminRegistersChangesAndRemovesAnAgent() {
        given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"id\":\"reg-remote\",\"name\":\"Remote\",\"kind\":\"openai\",\"model\":\"qwen2.5:3b\","
                        + "\"capabilities\":[\"code\",\"research\"],\"options\":{\"temperature\":0.3},"
                        + "\"connection\":{\"baseUrl\":\"" + llm.url() + "/\",\"apiKey\":\"" + StubLlm.API_KEY + "\"}}")
                .post("/api/v1/agents").then().statusCode(201)
                .header("Location", containsString("/api/v1/agents/reg-remote"))
                .body("id", is("reg-remote"))
                .body("origin", is("admin"))
                .body("maxConcurrency", is(4))
                // An OpenAI base URL without a path gets the /v1 such servers serve under.
                .body("connection.baseUrl", is(llm.url() + "/v1"))
                .body("connection.apiKeySet", is(true))
                .body("connection.apiKey", nullValue())
                .body("status", is("unknown"))
                .body(not(containsString(StubLlm.API_KEY)));

        assertProblem(given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"id\":\"reg-remote\",\"name\":\"Again\",\"kind\":\"llm\"}").post("/api/v1/agents").then(),
                409, "conflict").body("detail", containsString("reg-remote exists already"));

        // A PUT without the key keeps it: the agent still reaches its server with it.
        given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"name\":\"Remote, renamed\",\"kind\":\"openai\",\"model\":\"qwen2.5:3b\","
                        + "\"connection\":{\"baseUrl\":\"" + llm.url() + "/v1\"}}")
                .put("/api/v1/agents/reg-remote").then().statusCode(200)
                .body("name", is("Remote, renamed")).body("version", is(2)).body("connection.apiKeySet", is(true))
                .body("capabilities", hasSize(0));
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"agentId\":\"reg-remote\",\"message\":\"Capital of France?\"}").post("/api/v1/chat").then()
                .statusCode(200).body("reply", is("Paris is the capital of France."));
        assertThat(llm.callsFor("qwen2.5:3b").get(0).authorization(), is("Bearer " + StubLlm.API_KEY));
        // An empty key removes it: the server then refuses the agent.
        given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"name\":\"Remote\",\"kind\":\"openai\",\"model\":\"qwen2.5:3b\","
                        + "\"connection\":{\"baseUrl\":\"" + llm.url() + "/v1\",\"apiKey\":\"\"}}")
                .put("/api/v1/agents/reg-remote").then().statusCode(200).body("connection.apiKeySet", is(false));
        assertProblem(given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"agentId\":\"reg-remote\",\"message\":\"Capital of France?\"}").post("/api/v1/chat").then(),
                502, "bad-gateway").body("detail", is("The server of agent reg-remote answered 401: it does not accept "
                        + "the agent's credentials."));

        given().auth().oauth2(Agents.admin()).delete("/api/v1/agents/reg-remote").then().statusCode(204);
        assertProblem(given().auth().oauth2(TestTokens.user()).get("/api/v1/agents/reg-remote").then(), 404, "not-found");
        assertProblem(given().auth().oauth2(Agents.admin()).delete("/api/v1/agents/reg-remote").then(), 404, "not-found");
    }

    @Test
    void anApiKeyIsNeitherAnsweredNorLoggedEvenWhenTheServerQuotesIt() throws Exception {
        // The stub, like OpenAI, quotes a wrong key back in its 401.
        Agents.register(Map.of("id", "reg-remote", "name", "Remote", "kind", "openai", "model", "qwen2.5:3b",
                "connection", Map.of("baseUrl", llm.url() + "/legacy/v1", "apiKey", SECRET_KEY)));
        String listed = given().auth().oauth2(Agents.admin()).get("/api/v1/agents?kind=openai").then().statusCode(200)
                .extract().asString();
        assertThat(listed, not(containsString(SECRET_KEY)));
        String chat = given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"agentId\":\"reg-remote\",\"message\":\"Hi\"}").post("/api/v1/chat").then().statusCode(502)
                .extract().asString();
        assertThat(chat, not(containsString(SECRET_KEY)));
        assertThat(chat, not(containsString(llm.url())));
        monitor.checkAll().await().atMost(Duration.ofSeconds(20));
        String checked = given().auth().oauth2(Agents.admin()).get("/api/v1/agents/reg-remote").then().statusCode(200)
                .body("lastError", containsString("answered 401")).extract().asString();
        assertThat(checked, not(containsString(SECRET_KEY)));
        assertThat(Files.readString(Path.of("target/quarkus-test.log")), not(containsString(SECRET_KEY)));
    }

    @Test
    void aKeyNeverFollowsAnAgentToAnotherServer() {
        Agents.register(Map.of("id", "reg-remote", "name", "Remote", "kind", "openai", "model", "qwen2.5:3b",
                "connection", Map.of("baseUrl", llm.url() + "/v1", "apiKey", StubLlm.API_KEY)));
        given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"name\":\"Remote\",\"kind\":\"openai\",\"model\":\"qwen2.5:3b\","
                        + "\"connection\":{\"baseUrl\":\"http://elsewhere.example:8000/v1\"}}")
                .put("/api/v1/agents/reg-remote").then().statusCode(200).body("connection.apiKeySet", is(false));
    }

    @Test
    void aBadDefinitionIsRefusedNamingEachBadField() {
        assertProblem(given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"id\":\"reg-a\",\"name\":\"A\",\"kind\":\"openai\"}").post("/api/v1/agents").then(),
                400, "validation").body("errors.field", containsInAnyOrder("connection.baseUrl", "model"));
        assertProblem(given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"id\":\"Bad Id\",\"name\":\"\",\"kind\":\"llm\",\"maxConcurrency\":0,"
                        + "\"capabilities\":[\"Not a word\"],\"options\":{\"contextSize\":12}}")
                .post("/api/v1/agents").then(), 400, "validation")
                .body("errors.field", containsInAnyOrder("id", "name", "maxConcurrency", "capabilities[0]",
                        "options.contextSize"));
        assertProblem(given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"id\":\"reg-a\",\"name\":\"A\",\"kind\":\"robot\"}").post("/api/v1/agents").then(),
                400, "validation").body("errors[0].field", is("kind"))
                .body("errors[0].message", is("must be one of llm, openai, http, a2a"));
        assertProblem(given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"id\":\"reg-a\",\"name\":\"A\",\"kind\":\"llm\",\"connection\":{\"baseUrl\":\"http://x\"}}")
                .post("/api/v1/agents").then(), 400, "validation").body("errors[0].field", is("connection.baseUrl"));
        for (String url : List.of("ftp://x", "http://admin:hunter2@x/v1", "not a url")) {
            assertProblem(given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                    .body("{\"id\":\"reg-a\",\"name\":\"A\",\"kind\":\"http\",\"connection\":{\"baseUrl\":\"" + url
                            + "\"}}")
                    .post("/api/v1/agents").then(), 400, "validation").body("errors[0].field", is("connection.baseUrl"))
                    .body("errors[0].message", containsString("without credentials"));
        }
        assertProblem(given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"id\":\"other\",\"name\":\"A\",\"kind\":\"llm\"}").put("/api/v1/agents/reg-a").then(),
                400, "validation").body("errors[0].field", is("id"));
        assertProblem(given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"name\":\"A\",\"kind\":\"llm\"}").put("/api/v1/agents/reg-nobody").then(), 404, "not-found");
    }

    @Test
    void onlyAdminsChangeTheRegistry() {
        String user = TestTokens.user();
        assertProblem(given().auth().oauth2(user).contentType(ContentType.JSON)
                .body("{\"name\":\"Mine now\",\"kind\":\"llm\"}").put("/api/v1/agents/aider").then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(user).contentType(ContentType.JSON)
                .body("{\"id\":\"reg-a\",\"name\":\"A\",\"kind\":\"llm\"}").post("/api/v1/agents").then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(user).delete("/api/v1/agents/aider").then(), 403, "forbidden");
        agent("aider").body("name", is("Aider"));
    }

    @Test
    void listsArePagedAndFiltered() {
        for (String id : List.of("reg-a", "reg-b", "reg-c")) {
            Agents.register(Map.of("id", id, "name", id, "kind", "http", "capabilities", List.of("paging-probe"),
                    "connection", Map.of("baseUrl", llm.url() + "/legacy")));
        }
        String cursor = given().auth().oauth2(TestTokens.user()).get("/api/v1/agents?capability=paging-probe&limit=2")
                .then().statusCode(200).body("items.id", is(List.of("reg-a", "reg-b")))
                // Where remote agents live is for admins only.
                .body("items.connection", everyItem(nullValue()))
                .body("nextCursor", notNullValue()).extract().path("nextCursor");
        given().auth().oauth2(Agents.admin()).get("/api/v1/agents?capability=paging-probe&limit=2").then()
                .statusCode(200).body("items.connection.baseUrl", everyItem(is(llm.url() + "/legacy")));
        given().auth().oauth2(TestTokens.user()).get("/api/v1/agents?capability=paging-probe&limit=2&cursor=" + cursor)
                .then().statusCode(200).body("items.id", is(List.of("reg-c"))).body("nextCursor", nullValue());
        assertProblem(given().auth().oauth2(TestTokens.user()).get("/api/v1/agents?kind=robot").then(), 400, "validation")
                .body("errors[0].field", is("kind"));
        assertProblem(given().auth().oauth2(TestTokens.user()).get("/api/v1/agents?status=sleepy").then(), 400,
                "validation").body("errors[0].field", is("status"));
        assertProblem(given().auth().oauth2(TestTokens.user()).get("/api/v1/agents?limit=501").then(), 400, "validation")
                .body("errors[0].field", is("limit"));
    }

    private static ValidatableResponse agent(String id) {
        return given().auth().oauth2(TestTokens.user()).get("/api/v1/agents/" + id).then().statusCode(200);
    }
}
