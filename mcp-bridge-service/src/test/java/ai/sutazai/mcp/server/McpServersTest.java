package ai.sutazai.mcp.server;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

import ai.sutazai.commons.testing.TestPeers;
import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.mcp.McpPeersResource;

@QuarkusTest
@QuarkusTestResource(value = McpPeersResource.class, restrictToAnnotatedClass = true)
class McpServersTest {

    private static final String SERVERS = "/api/v1/mcp/servers";

    @Test
    void everyServerGetsAStateAndBrokenEntriesDoNotHoldUpTheOthers() {
        awaitState("everything", "ready");
        awaitState("everything-http", "ready");
        awaitState("files", "ready");

        server("missing", user()).then().statusCode(200)
                .body("state", equalTo("failed"))
                .body("lastError", containsString("mcp-server-that-is-not-installed was not found on PATH"));
        server("websocket", user()).then().statusCode(200)
                .body("state", equalTo("failed"))
                .body("lastError", containsString("\"type\" is \"websocket\"; it must be stdio, http"));
        server("unset-variable", user()).then().statusCode(200)
                .body("state", equalTo("failed"))
                .body("lastError", containsString("${MCP_TEST_VARIABLE_NOBODY_SET} is not set"));
        server("switched-off", user()).then().statusCode(200)
                .body("state", equalTo("stopped")).body("enabled", equalTo(false));

        given().auth().oauth2(user()).get("/api/v1/mcp/status").then().statusCode(200)
                .body("servers", equalTo(11))
                .body("states.failed", equalTo(3))
                .body("states.stopped", equalTo(1))
                .body("tools", greaterThanOrEqualTo(20));
        // The service is ready whatever its MCP servers do; the page says how they are.
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'mcp-servers' }.data.failed", equalTo(3));
    }

    @Test
    void theHandshakeNegotiatesAVersionAndTheCatalogueIsListed() {
        awaitState("everything", "ready");
        server("everything", user()).then().statusCode(200)
                .body("transport", equalTo("stdio"))
                .body("protocolVersion", equalTo("2025-11-25"))
                .body("serverInfo.name", equalTo("mcp-servers/everything"))
                .body("capabilities.tools", notNullValue())
                .body("counts.prompts", greaterThanOrEqualTo(1))
                .body("counts.resources", greaterThanOrEqualTo(1));

        given().auth().oauth2(user()).get(SERVERS + "/everything/tools").then().statusCode(200)
                .body("items.name", hasItems("echo", "get-sum", "get-env"))
                .body("items.name", not(hasItem("get-tiny-image")))
                .body("items.find { it.name == 'get-sum' }.inputSchema.required", hasItems("a", "b"));
        awaitState("everything-http", "ready");
        awaitState("files", "ready");
        given().auth().oauth2(user()).queryParam("limit", 500).get("/api/v1/mcp/tools").then().statusCode(200)
                .body("nextCursor", nullValue())
                .body("items.findAll { it.server == 'everything-http' }.name", hasItem("echo"))
                .body("items.findAll { it.server == 'files' }.name", hasItems("list_directory", "read_text_file"))
                .body("items.findAll { it.server == 'everything' }.name", not(hasItem("get-tiny-image")));
    }

    @Test
    void echoAndGetSumAnswerOverStdioAndStreamableHttp() {
        for (String server : List.of("everything", "everything-http")) {
            awaitState(server, "ready");
            server(server, user()).then().body("protocolVersion", equalTo("2025-11-25"));
            call(server, "echo", Map.of("message", "hello " + server)).then().statusCode(200)
                    .body("isError", equalTo(false))
                    .body("content[0].type", equalTo("text"))
                    .body("content[0].text", containsString("hello " + server));
            call(server, "get-sum", Map.of("a", 2, "b", 40)).then().statusCode(200)
                    .body("content[0].text", containsString("42"));
        }
    }

    @Test
    void argumentsThatDoNotFitTheSchemaAreRefusedWithEveryError() {
        awaitState("everything", "ready");
        Response refused = call("everything", "get-sum", Map.of("a", "two"));
        refused(refused, 400, "The arguments do not fit the inputSchema of tool \"get-sum\"");
        refused.then().body("errors.field", hasItems("a", "arguments"))
                .body("errors.message", hasItem(containsString("b")));

        Response broken = given().auth().oauth2(user()).contentType(ContentType.JSON).body("{\"message\": ")
                .post(SERVERS + "/everything/tools/echo/call");
        assertEquals(400, broken.statusCode());
        assertThat(broken.contentType(), startsWith("application/problem+json"));

        Response notAnObject = given().auth().oauth2(user()).contentType(ContentType.JSON).body("[1, 2]")
                .post(SERVERS + "/everything/tools/echo/call");
        assertEquals(400, notAnObject.statusCode());
    }

    @Test
    void deniedUnknownDisabledAndBrokenTargetsGetClearRefusals() {
        awaitState("everything", "ready");
        refused(call("everything", "get-tiny-image", Map.of()), 403, "denies it");
        refused(call("everything", "no-such-tool", Map.of()), 404, "has no tool \"no-such-tool\"");
        refused(call("no-such-server", "echo", Map.of()), 404, "No MCP server is named \"no-such-server\"");
        refused(call("switched-off", "echo", Map.of()), 403, "is disabled");
        Response failed = call("missing", "echo", Map.of());
        refused(failed, 503, "MCP server missing is failed");
        assertNotNull(failed.header("Retry-After"));
        given().contentType(ContentType.JSON).body("{}").post(SERVERS + "/everything/tools/echo/call")
                .then().statusCode(401);
    }

    @Test
    void theFilesystemServerReadsItsFolderAndNothingElse() {
        awaitState("files", "ready");
        String folder = McpPeersResource.filesFolder.toString();
        call("files", "list_directory", Map.of("path", folder)).then().statusCode(200)
                .body("isError", equalTo(false))
                .body("content[0].text", containsString("hello.txt"));
        call("files", "read_text_file", Map.of("path", folder + "/hello.txt")).then().statusCode(200)
                .body("content[0].text", containsString("Hello from the test folder."));
        // A tool's own failure is a result with isError, not an HTTP error.
        call("files", "read_text_file", Map.of("path", McpPeersResource.filesFolder.getParent() + "/secret.txt"))
                .then().statusCode(200)
                .body("isError", equalTo(true))
                .body("content[0].text", containsString("Access denied"));
    }

    @Test
    void resourcesAreReadAndPromptsRendered() {
        awaitState("everything", "ready");
        String uri = given().auth().oauth2(user()).get(SERVERS + "/everything/resources").then().statusCode(200)
                .extract().path("items[0].uri");
        given().auth().oauth2(user()).contentType(ContentType.JSON).body(Map.of("uri", uri))
                .post(SERVERS + "/everything/resources/read").then().statusCode(200)
                .body("contents[0].uri", equalTo(uri));
        refused(given().auth().oauth2(user()).contentType(ContentType.JSON).body(Map.of())
                .post(SERVERS + "/everything/resources/read"), 400, "");

        given().auth().oauth2(user()).contentType(ContentType.JSON).body(Map.of("city", "Lisbon"))
                .post(SERVERS + "/everything/prompts/args-prompt/get").then().statusCode(200)
                .body("messages[0].content.text", containsString("Lisbon"));
        Response missing = given().auth().oauth2(user()).contentType(ContentType.JSON).body(Map.of())
                .post(SERVERS + "/everything/prompts/args-prompt/get");
        refused(missing, 400, "The arguments do not fit prompt \"args-prompt\"");
        missing.then().body("errors.field", hasItem("city"));
        refused(given().auth().oauth2(user()).contentType(ContentType.JSON).body(Map.of())
                .post(SERVERS + "/everything/prompts/no-such-prompt/get"), 404, "has no prompt");
    }

    @Test
    void aChildSeesItsOwnVariablesButNotTheServicesSecrets() {
        awaitState("everything", "ready");
        assertNotNull(System.getenv("JWT_SECRET"), "the test runs with a JWT_SECRET in its environment");
        String env = call("everything", "get-env", Map.of()).then().statusCode(200)
                .extract().path("content[0].text");
        assertThat(env, allOf(containsString("hello from the registry"), containsString("\"PATH\""),
                not(containsString("JWT_SECRET")), not(containsString("POSTGRES_PASSWORD")),
                not(containsString(System.getenv("JWT_SECRET")))));
    }

    @Test
    void aServerKilledWithSigkillComesBackByItself() {
        awaitState("everything", "ready");
        Response before = server("everything", admin());
        long pid = before.jsonPath().getLong("pid");
        int restarts = before.jsonPath().getInt("restarts");
        assertTrue(ProcessHandle.of(pid).isPresent());

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                server("everything", admin()).then()
                        .body("state", equalTo("ready"))
                        .body("restarts", equalTo(restarts + 1))
                        .body("pid", not(equalTo(pid))));
        assertFalse(alive(pid));
        call("everything", "echo", Map.of("message", "back again")).then().statusCode(200)
                .body("content[0].text", containsString("back again"));
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndOpensItsBreakerWhileOthersStayFast() throws Exception {
        awaitState("silent", "ready");
        awaitState("everything", "ready");

        long started = System.nanoTime();
        refused(call("silent", "wait", Map.of()), 504, "took longer than 1000 ms");
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(tookMillis, allOf(greaterThan(900L), lessThan(5_000L)));
        // The server heard that the bridge gave up on the call.
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> server("silent", admin()).then()
                .body("stderrTail", hasItem(containsString("received notifications/cancelled"))));

        CompletableFuture<Response> hanging = CompletableFuture.supplyAsync(() -> call("silent", "wait", Map.of()));
        long echoStarted = System.nanoTime();
        call("everything", "echo", Map.of("message", "still fast")).then().statusCode(200);
        assertThat(Duration.ofNanos(System.nanoTime() - echoStarted).toMillis(), lessThan(800L));
        assertEquals(504, hanging.get().statusCode());

        Response paused = call("silent", "wait", Map.of());
        refused(paused, 503, "circuit breaker is open");
        assertThat(Integer.parseInt(paused.header("Retry-After")), greaterThan(0));
        server("silent", user()).then().body("breaker", equalTo("open")).body("state", equalTo("degraded"));
    }

    @Test
    void aListChangedNotificationRefreshesTheCatalogue() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(user()).get(SERVERS + "/changing/tools").then().statusCode(200)
                        .body("items.name", hasItems("wait", "late")));
    }

    @Test
    void listsArePagedWithCursors() {
        awaitState("everything", "ready");
        awaitState("files", "ready");
        List<String> all = given().auth().oauth2(user()).queryParam("limit", 500).get("/api/v1/mcp/tools")
                .then().statusCode(200).extract().path("items.collect { it.server + '/' + it.name }");
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(user()).queryParam("limit", 7);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.get("/api/v1/mcp/tools");
            page.then().statusCode(200);
            List<String> items = page.path("items.collect { it.server + '/' + it.name }");
            assertThat(items.size(), lessThan(8));
            paged.addAll(items);
            cursor = page.path("nextCursor");
        } while (cursor != null);
        assertEquals(all, paged);
        assertThat(all.size(), greaterThan(25));

        given().auth().oauth2(user()).queryParam("limit", 2).get(SERVERS).then().statusCode(200)
                .body("items.name", equalTo(List.of("changing", "crashing")))
                .body("nextCursor", notNullValue());
        refused(given().auth().oauth2(user()).queryParam("limit", 501).get(SERVERS), 400, "");
        assertEquals(400, given().auth().oauth2(user()).queryParam("cursor", "not-ours!").get(SERVERS).statusCode());
    }

    @Test
    void aServerThatDiesAtStartSaysWhyAndCoolsDownWhenItKeepsDying() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> server("crashing", user()).then()
                .body("lastError", containsString("the process exited with code 3 during start-up"))
                .body("lastError", containsString("boom: no config found")));
        // Five failures within a minute make a crash loop: the next attempt waits the cool-down (5 min).
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> server("crashing", user()).then()
                .body("state", equalTo("backing_off"))
                .body("restarts", greaterThanOrEqualTo(4))
                .body("lastError", containsString("(crash loop: 5 failures within 60 s; cooling down)")));
        String nextAttempt = server("crashing", user()).jsonPath().getString("nextAttemptAt");
        assertTrue(Instant.parse(nextAttempt).isAfter(Instant.now().plusSeconds(240)), nextAttempt);
    }

    @Test
    void aServerThatPagesForEverIsCutOffAndShownDegraded() {
        awaitState("endless", "degraded");
        server("endless", user()).then()
                .body("lastError", equalTo("tools listing stopped after 2 pages: the server repeated a cursor"))
                .body("counts.tools", equalTo(1));
    }

    @Test
    void aLostHttpSessionIsInitialisedAgainWithoutTheCallerNoticing() throws Exception {
        awaitState("everything-http", "ready");
        call("everything-http", "echo", Map.of("message", "first session")).then().statusCode(200);

        McpPeersResource.restartHttpPeer();

        call("everything-http", "echo", Map.of("message", "second session")).then().statusCode(200)
                .body("content[0].text", containsString("second session"));
    }

    @Test
    void removingAnHttpServerEndsItsSession() {
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "http-extra", "type", "http", "url", McpPeersResource.httpUrl()))
                .post(SERVERS).then().statusCode(201);
        awaitState("http-extra", "ready");
        call("http-extra", "echo", Map.of("message", "over http")).then().statusCode(200);

        given().auth().oauth2(admin()).delete(SERVERS + "/http-extra").then().statusCode(204);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(McpPeersResource.httpPeerLog(), containsString("Received session termination request")));
    }

    @Test
    void onlyAdminsSeeProcessDetailsAndStderr() {
        awaitState("everything", "ready");
        server("everything", user()).then().statusCode(200)
                .body("pid", nullValue()).body("stderrTail", nullValue()).body("command", nullValue());
        server("everything", admin()).then().statusCode(200)
                .body("pid", notNullValue()).body("stderrTail", notNullValue())
                .body("command[1]", equalTo("stdio"));
    }

    @Test
    void adminsAddRestartAndRemoveServersAtRunTime() {
        String everything = TestPeers.binary("mcp-server-everything").toString();
        Map<String, Object> entry = Map.of("name", "extra", "command", everything, "args", List.of("stdio"));

        assertEquals(403, given().auth().oauth2(user()).contentType(ContentType.JSON).body(entry).post(SERVERS)
                .statusCode());
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(entry).post(SERVERS).then()
                .statusCode(201).header("Location", equalTo("/api/v1/mcp/servers/extra"));
        refused(given().auth().oauth2(admin()).contentType(ContentType.JSON).body(entry).post(SERVERS), 409,
                "exists already");
        refused(given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "legacy", "type", "sse", "url", "http://127.0.0.1:1/sse")).post(SERVERS), 400,
                "is not supported");
        refused(given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("command", everything)).post(SERVERS), 400, "name is required");
        awaitState("extra", "ready");
        call("extra", "echo", Map.of("message", "added")).then().statusCode(200);

        assertEquals(403, given().auth().oauth2(user()).post(SERVERS + "/extra/restart").statusCode());
        long firstPid = server("extra", admin()).jsonPath().getLong("pid");
        given().auth().oauth2(admin()).post(SERVERS + "/extra/restart").then().statusCode(202);
        awaitState("extra", "ready");
        server("extra", admin()).then().body("restarts", equalTo(1)).body("pid", not(equalTo(firstPid)));
        long secondPid = server("extra", admin()).jsonPath().getLong("pid");
        assertFalse(alive(firstPid));

        given().auth().oauth2(admin()).delete(SERVERS + "/extra").then().statusCode(204);
        refused(server("extra", user()), 404, "No MCP server is named \"extra\"");
        assertFalse(alive(secondPid));
    }

    // Every refusal here is problem+json; 400s from this API are all validation problems.
    private static ValidatableResponse refused(Response response, int status, String detail) {
        String slug = switch (status) {
            case 400 -> "validation";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 409 -> "conflict";
            case 503 -> "service-unavailable";
            case 504 -> "gateway-timeout";
            default -> throw new IllegalArgumentException("no slug for " + status);
        };
        return assertProblem(response.then(), status, slug).body("detail", containsString(detail));
    }

    // Fresh each time: the whole class runs longer than a test token lives.
    private static String user() {
        return TestTokens.user();
    }

    private static String admin() {
        return TestTokens.user("admin");
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Response server(String name, String token) {
        return given().auth().oauth2(token).get(SERVERS + "/" + name);
    }

    private static Response call(String server, String tool, Map<String, Object> arguments) {
        return given().auth().oauth2(user()).contentType(ContentType.JSON).body(arguments)
                .post(SERVERS + "/" + server + "/tools/" + tool + "/call");
    }

    private static void awaitState(String name, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> server(name, user()).then().statusCode(200).body("state", equalTo(state)));
    }
}
