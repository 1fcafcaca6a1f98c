package ai.sutazai.agent.registry;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.testing.A2aRemote;
import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.commons.testing.TestTokens;

/**
 * Importing remote A2A agents from their cards: both card shapes (and the older well-known path),
 * the skills as capabilities, the JSON-RPC interface kept, and a precise problem for every way a
 * card can be missing or wrong.
 */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class A2aImportTest {

    private static A2aRemote remote;

    @BeforeAll
    static void startRemote() {
        remote = new A2aRemote();
    }

    @AfterAll
    static void stopRemote() {
        remote.close();
    }

    @BeforeEach
    void resetRemote() {
        remote.reset();
    }

    @AfterEach
    void removeImported() {
        List.of("fixed-agent", "import-old", "import-hybrid", "import-manual").forEach(Agents::remove);
    }

    @Test
    void aV1CardBecomesAnA2aAgentWithItsSkillsAsCapabilities() {
        remote.importAgent(null, A2aRemote.V1)
                .header("Location", containsString("/api/v1/agents/fixed-agent"))
                // The id is made from the card's name when the request gives none.
                .body("id", is("fixed-agent"))
                .body("kind", is("a2a"))
                .body("name", is("Fixed agent"))
                .body("description", is("Answers every question with the same recorded text."))
                // Skill ids and tags, each once, as capability words: small_talk is small-talk.
                .body("capabilities", contains("geography", "facts", "small-talk", "chat"))
                .body("origin", is("admin"))
                .body("enabled", is(true))
                .body("maxConcurrency", is(4))
                .body("model", nullValue())
                .body("connection.baseUrl", is(remote.baseUrl(A2aRemote.V1)))
                .body("connection.rpcUrl", is(remote.rpcUrl(A2aRemote.V1)))
                .body("connection.protocolVersion", is("1.0"))
                .body("connection.streaming", is(true))
                .body("connection.apiKeySet", is(true))
                .body(not(containsString(A2aRemote.TOKEN)));
        // Asked for 1.0, a server with the SDK's v0.3 layer serves its v1.0 card; the token went along.
        remote.server().verify(getRequestedFor(urlPathEqualTo("/v1/.well-known/agent-card.json"))
                .withHeader("A2A-Version", equalTo("1.0"))
                .withHeader("Authorization", equalTo("Bearer " + A2aRemote.TOKEN)));

        given().auth().oauth2(TestTokens.user()).get("/api/v1/agents/fixed-agent").then().statusCode(200)
                .body("kind", is("a2a")).body("connection", nullValue());
        given().auth().oauth2(TestTokens.user()).get("/api/v1/agents?kind=a2a&capability=small-talk").then()
                .statusCode(200).body("items.id", contains("fixed-agent"));
    }

    @Test
    void aV03CardIsReadFromItsTopLevelFieldsAtTheOlderPathWhenTheNewOneIsMissing() {
        remote.server().stubFor(get(urlPathEqualTo("/v03/.well-known/agent-card.json")).atPriority(1)
                .willReturn(aResponse().withStatus(404)));
        remote.server().stubFor(get(urlPathEqualTo("/v03/.well-known/agent.json"))
                .willReturn(A2aRemote.json(200, remote.recording(A2aRemote.V03, "agent-card.json"))));

        given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body(new JsonObject().put("baseUrl", remote.baseUrl(A2aRemote.V03) + "/").put("id", "import-old")
                        .put("name", "Old agent").put("enabled", false).put("maxConcurrency", 2).encode())
                .post("/api/v1/agents/import").then().statusCode(201)
                .body("id", is("import-old"))
                .body("name", is("Old agent"))
                .body("enabled", is(false))
                .body("maxConcurrency", is(2))
                .body("capabilities", contains("geography", "facts", "small-talk", "chat"))
                .body("connection.baseUrl", is(remote.baseUrl(A2aRemote.V03)))
                .body("connection.rpcUrl", is(remote.rpcUrl(A2aRemote.V03)))
                .body("connection.protocolVersion", is("0.3.0"))
                .body("connection.apiKeySet", is(false));
        remote.server().verify(getRequestedFor(urlPathEqualTo("/v03/.well-known/agent.json")));
    }

    @Test
    void aCardInBothShapesIsImportedByItsV1InterfaceAndTheCardsOwnUrlIsTakenAsTheBase() {
        // The card a v1.0 server with the v0.3 layer gives clients that do not ask for 1.0.
        remote.server().stubFor(get(urlPathEqualTo("/v1/.well-known/agent-card.json")).atPriority(0)
                .willReturn(A2aRemote.json(200, remote.recording(A2aRemote.V1, "agent-card-v03-view.json"))));
        importing("{\"baseUrl\":\"" + remote.baseUrl(A2aRemote.V1) + "/.well-known/agent-card.json\","
                + "\"id\":\"import-hybrid\"}").statusCode(201)
                .body("connection.baseUrl", is(remote.baseUrl(A2aRemote.V1)))
                .body("connection.protocolVersion", is("1.0"))
                .body("connection.rpcUrl", is(remote.rpcUrl(A2aRemote.V1)));
    }

    @Test
    void importingAnAgentTwiceIsAConflictAndOnlyAdminsImport() {
        remote.importAgent(null, A2aRemote.V1);
        assertProblem(importing("{\"baseUrl\":\"" + remote.baseUrl(A2aRemote.V03) + "\"}"), 409, "conflict")
                .body("detail", containsString("fixed-agent exists already"));

        assertProblem(given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"baseUrl\":\"" + remote.baseUrl(A2aRemote.V1) + "\"}").post("/api/v1/agents/import").then(),
                403, "forbidden");
        assertProblem(given().contentType(ContentType.JSON).body("{\"baseUrl\":\"" + remote.baseUrl(A2aRemote.V1) + "\"}")
                .post("/api/v1/agents/import").then(), 401, "unauthorized");
    }

    @Test
    void aCardThatCannotBeFetchedIsABadGatewaySayingWhy() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }
        assertProblem(importing("{\"baseUrl\":\"" + closed + "\"}"), 502, "bad-gateway")
                .body("detail", startsWith("No agent card could be fetched: the server at " + closed
                        + " cannot be reached ("));

        remote.server().stubFor(get(urlPathEqualTo("/v1/.well-known/agent-card.json")).atPriority(0)
                .willReturn(A2aRemote.json(500, "{\"error\":\"card store is down\"}")));
        assertProblem(importing("{\"baseUrl\":\"" + remote.baseUrl(A2aRemote.V1) + "\"}"), 502, "bad-gateway")
                .body("detail", is("No agent card could be fetched: the server at " + remote.baseUrl(A2aRemote.V1)
                        + " answered 500: card store is down"));

        assertProblem(importing("{\"baseUrl\":\"" + remote.server().baseUrl() + "/nothing\"}"), 502, "bad-gateway")
                .body("detail", containsString("serves no agent card: /.well-known/agent-card.json and "
                        + "/.well-known/agent.json both answered 404."));
    }

    @Test
    void whatIsNotAUsableCardIsUnprocessable() {
        serveCard("text/html", "<html><body>Welcome</body></html>");
        assertProblem(importing(body()), 422, "unprocessable")
                .body("detail", is("The agent card of the server at " + remote.baseUrl(A2aRemote.V1) + " is not JSON "
                        + "(/.well-known/agent-card.json answered text/html: <html><body>Welcome</body></html>)."));

        serveCard("application/json", "{\"status\":\"ok\"}");
        assertProblem(importing(body()), 422, "unprocessable")
                .body("detail", containsString("is not an agent card: it has no name."));

        JsonObject grpcOnly = new JsonObject(remote.recording(A2aRemote.V1, "agent-card.json"));
        grpcOnly.getJsonArray("supportedInterfaces").forEach(i -> ((JsonObject) i).put("protocolBinding", "GRPC"));
        serveCard("application/json", grpcOnly.encode());
        assertProblem(importing(body()), 422, "unprocessable")
                .body("detail", containsString("offers no JSON-RPC interface of A2A 0.x or 1.x (it offers [GRPC 1.0, "
                        + "GRPC 0.3])."));
        given().auth().oauth2(Agents.admin()).get("/api/v1/agents/fixed-agent").then().statusCode(404);
    }

    @Test
    void badImportRequestsNameTheField() {
        assertProblem(importing("{}"), 400, "validation").body("errors.field", hasItem(containsString("baseUrl")));
        assertProblem(importing("{\"baseUrl\":\"ftp://agents.example\"}"), 400, "validation")
                .body("errors[0].field", is("baseUrl"));
        assertProblem(importing("{\"baseUrl\":\"http://user:pw@agents.example\"}"), 400, "validation");
        assertProblem(importing("{\"baseUrl\":\"" + remote.baseUrl(A2aRemote.V1) + "\",\"id\":\"Not An Id\"}"), 400,
                "validation").body("errors.field", hasItem(containsString("id")));
        assertProblem(importing("{\"baseUrl\": 42"), 400, "bad-request");
    }

    @Test
    void anA2aAgentDefinedByHandNeedsItsJsonRpcInterfaceAndOnlyItMayHaveOne() {
        assertProblem(given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"id\":\"import-manual\",\"name\":\"Manual\",\"kind\":\"a2a\",\"connection\":{\"baseUrl\":\""
                        + remote.baseUrl(A2aRemote.V1) + "\"}}")
                .post("/api/v1/agents").then(), 400, "validation")
                .body("errors.field", contains("connection.rpcUrl", "connection.protocolVersion"))
                .body("errors[0].message", containsString("POST /api/v1/agents/import reads it from the agent's card"));
        assertProblem(given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"id\":\"import-manual\",\"name\":\"Manual\",\"kind\":\"http\",\"connection\":{\"baseUrl\":\""
                        + remote.baseUrl(A2aRemote.V1) + "\",\"rpcUrl\":\"" + remote.rpcUrl(A2aRemote.V1) + "\"}}")
                .post("/api/v1/agents").then(), 400, "validation")
                .body("errors[0].field", is("connection.rpcUrl"));

        // By hand, with the interface given, an a2a agent is as an import makes it; a PUT keeps its token.
        given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"id\":\"import-manual\",\"name\":\"Manual\",\"kind\":\"a2a\",\"connection\":{\"baseUrl\":\""
                        + remote.baseUrl(A2aRemote.V03) + "\",\"rpcUrl\":\"" + remote.rpcUrl(A2aRemote.V03)
                        + "\",\"protocolVersion\":\"0.3.0\",\"apiKey\":\"" + A2aRemote.TOKEN + "\"}}")
                .post("/api/v1/agents").then().statusCode(201)
                .body("connection.streaming", is(false)).body("connection.apiKeySet", is(true));
        given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"name\":\"Manual, renamed\",\"kind\":\"a2a\",\"connection\":{\"baseUrl\":\""
                        + remote.baseUrl(A2aRemote.V03) + "\",\"rpcUrl\":\"" + remote.rpcUrl(A2aRemote.V03)
                        + "\",\"protocolVersion\":\"0.3.0\",\"streaming\":true}}")
                .put("/api/v1/agents/import-manual").then().statusCode(200)
                .body("connection.apiKeySet", is(true)).body("connection.streaming", is(true));
        // Sent to another JSON-RPC URL, the token stays behind.
        given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"name\":\"Manual\",\"kind\":\"a2a\",\"connection\":{\"baseUrl\":\""
                        + remote.baseUrl(A2aRemote.V03) + "\",\"rpcUrl\":\"" + remote.rpcUrl(A2aRemote.V1)
                        + "\",\"protocolVersion\":\"1.0\"}}")
                .put("/api/v1/agents/import-manual").then().statusCode(200).body("connection.apiKeySet", is(false));
    }

    private static String body() {
        return "{\"baseUrl\":\"" + remote.baseUrl(A2aRemote.V1) + "\"}";
    }

    private static void serveCard(String contentType, String body) {
        remote.server().stubFor(get(urlPathEqualTo("/v1/.well-known/agent-card.json")).atPriority(0)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(body)));
    }

    private static ValidatableResponse importing(String json) {
        return given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON).body(json)
                .post("/api/v1/agents/import").then();
    }
}
