package ai.sutazai.mcp.aggregate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapperSupplier;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import ai.sutazai.commons.testing.TestPeers;
import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.mcp.McpPeersResource;

/** /mcp driven by the MCP Java SDK's own client, over Streamable HTTP, as Claude Code or an agent would. */
@QuarkusTest
@QuarkusTestResource(value = McpPeersResource.class, restrictToAnnotatedClass = true)
class AggregatedEndpointTest {

    private static final String SUBJECT = "mcp-client-" + System.nanoTime();

    @TestHTTPResource("/")
    URI base;

    private final List<List<String>> announcedToolLists = new CopyOnWriteArrayList<>();
    private McpSyncClient client;

    @BeforeEach
    void connect() {
        awaitReady("everything");
        awaitReady("files");
        awaitReady("everything-http");
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://" + base.getHost() + ":" + base.getPort()).endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapperSupplier().get())
                .httpRequestCustomizer((request, method, uri, body, context) ->
                        request.header("Authorization", "Bearer " + TestTokens.forSubject(SUBJECT)))
                .build();
        client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20))
                .toolsChangeConsumer(tools -> announcedToolLists.add(tools.stream().map(McpSchema.Tool::name).toList()))
                .build();
        client.initialize();
    }

    @AfterEach
    void disconnect() {
        client.closeGracefully();
    }

    @Test
    void theHandshakeWorksAndTheListHoldsEveryServersToolsUnderItsName() {
        assertEquals("sutazai-mcp-bridge", client.getServerInfo().name());
        List<String> names = toolNames();
        assertThat(names, hasItems("everything__echo", "everything__get-sum", "everything-http__echo",
                "files__list_directory", "files__read_text_file", "silent__wait"));
        assertThat(names, not(hasItem("everything__get-tiny-image")));
        assertThat(names, everyItem(matchesPattern("[a-zA-Z0-9_-]{1,64}")));
        McpSchema.Tool sum = tool("everything__get-sum");
        assertEquals(List.of("a", "b"), sum.inputSchema().get("required"));
    }

    @Test
    void callsReachTheRightServerWithTheSameChecksAsTheRestApi() {
        McpSchema.CallToolResult echo = client.callTool(new McpSchema.CallToolRequest("everything__echo",
                Map.of("message", "through the bridge")));
        assertFalse(Boolean.TRUE.equals(echo.isError()));
        assertThat(text(echo), containsString("through the bridge"));

        McpSchema.CallToolResult listing = client.callTool(new McpSchema.CallToolRequest("files__list_directory",
                Map.of("path", McpPeersResource.filesFolder.toString())));
        assertThat(text(listing), containsString("hello.txt"));

        // Arguments that do not fit come back as a tool error the model can read (SEP-1303).
        McpSchema.CallToolResult refused = client.callTool(new McpSchema.CallToolRequest("everything__get-sum",
                Map.of("a", "two")));
        assertTrue(refused.isError());
        assertThat(text(refused), allOf(containsString("inputSchema"), containsString("b")));
    }

    @Test
    void resourcesAndPromptsAreOfferedUnderTheirServersName() {
        List<McpSchema.Resource> resources = client.listResources().resources();
        McpSchema.Resource document = resources.stream()
                .filter(r -> r.uri().startsWith("mcp-bridge://everything/demo://resource/static/document/"))
                .findFirst().orElseThrow();
        McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest(document.uri()));
        assertEquals(document.uri(), read.contents().get(0).uri());
        assertThat(((McpSchema.TextResourceContents) read.contents().get(0)).text().length(), greaterThan(0));

        List<String> promptNames = client.listPrompts().prompts().stream().map(McpSchema.Prompt::name).toList();
        assertThat(promptNames, hasItems("everything__simple-prompt", "everything__args-prompt",
                "everything-http__args-prompt"));
        McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("everything__args-prompt",
                Map.of("city", "Porto")));
        assertThat(((McpSchema.TextContent) prompt.messages().get(0).content()).text(), containsString("Porto"));
    }

    @Test
    void removingAServerTellsConnectedClientsTheListChanged() {
        String everything = TestPeers.binary("mcp-server-everything").toString();
        given().auth().oauth2(TestTokens.user("admin")).contentType(ContentType.JSON)
                .body(Map.of("name", "passing", "command", everything, "args", List.of("stdio")))
                .post("/api/v1/mcp/servers").then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> announcedToolLists.stream().anyMatch(list -> list.contains("passing__echo")));
        assertThat(toolNames(), hasItem("passing__echo"));

        given().auth().oauth2(TestTokens.user("admin")).delete("/api/v1/mcp/servers/passing").then().statusCode(204);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<String> last = announcedToolLists.get(announcedToolLists.size() - 1);
            return !last.contains("passing__echo") && last.contains("everything__echo");
        });
        assertThat(toolNames(), not(hasItem("passing__echo")));
    }

    @Test
    void withoutATokenTheEndpointAnswers401WithAChallenge() {
        given().contentType(ContentType.JSON).accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")
                .post("/mcp").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void aForeignBrowserOriginIsRefused() {
        given().auth().oauth2(TestTokens.user()).header("Origin", "https://attacker.example")
                .contentType(ContentType.JSON).accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                .post("/mcp").then().statusCode(403)
                .body("detail", containsString("MCP_ALLOWED_ORIGINS"));
        int local = given().auth().oauth2(TestTokens.user()).header("Origin", "http://localhost:5173")
                .contentType(ContentType.JSON).accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")
                .post("/mcp").statusCode();
        assertEquals(200, local);
    }

    @Test
    void everyCallIsAuditedAndMeasuredWithoutKeepingTheArguments() {
        String secretWords = "do not keep these words " + System.nanoTime();
        client.callTool(new McpSchema.CallToolRequest("everything__echo", Map.of("message", secretWords)));
        // agent-service names the agent it calls for; the audit keeps it.
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON).body(Map.of("message", secretWords))
                .header("X-Agent-Id", "aider")
                .post("/api/v1/mcp/servers/everything/tools/echo/call").then().statusCode(200);

        String audit = given().auth().oauth2(TestTokens.user("admin")).queryParam("limit", 500)
                .get("/api/v1/mcp/audit").then().statusCode(200)
                .body("items.find { it.via == 'mcp' && it.caller == '" + SUBJECT + "' && it.tool == 'echo' }.server",
                        equalTo("everything"))
                .body("items.find { it.via == 'mcp' && it.caller == '" + SUBJECT + "' }.outcome", equalTo("ok"))
                .body("items.find { it.via == 'rest' && it.tool == 'echo' }.argumentsHash", startsWith("sha256:"))
                .body("items.find { it.via == 'rest' && it.tool == 'echo' }.agent", equalTo("aider"))
                .extract().asString();
        assertThat(audit, not(containsString(secretWords)));
        // The same arguments hash the same, whichever way the call came in.
        List<String> hashes = given().auth().oauth2(TestTokens.user("admin")).queryParam("limit", 2)
                .get("/api/v1/mcp/audit").then().extract().path("items.argumentsHash");
        assertEquals(hashes.get(0), hashes.get(1));
        given().auth().oauth2(TestTokens.user()).get("/api/v1/mcp/audit").then().statusCode(403);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics, allOf(
                containsString("mcp_tool_calls_seconds_count{outcome=\"ok\",server=\"everything\",tool=\"echo\",via=\"mcp\"}"),
                containsString("mcp_tool_calls_seconds_bucket{outcome=\"ok\",server=\"everything\",tool=\"echo\",via=\"rest\""),
                containsString("mcp_server_restarts_total{server=\"everything\"}"),
                containsString("mcp_server_breaker_state{server=\"everything\"} 0.0"),
                containsString("mcp_server_catalogue_size{kind=\"tools\",server=\"files\"} 14.0"),
                containsString("mcp_server_state{server=\"missing\",state=\"failed\"} 1.0")));
    }

    private List<String> toolNames() {
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = client.listTools(cursor);
            page.tools().forEach(tool -> names.add(tool.name()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return names;
    }

    private McpSchema.Tool tool(String name) {
        return client.listTools().tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream().filter(McpSchema.TextContent.class::isInstance)
                .map(c -> ((McpSchema.TextContent) c).text()).reduce("", String::concat);
    }

    private static void awaitReady(String server) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.user()).get("/api/v1/mcp/servers/" + server).then()
                        .body("state", equalTo("ready")));
    }
}
