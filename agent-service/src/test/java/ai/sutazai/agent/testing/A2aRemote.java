package ai.sutazai.agent.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;

/**
 * Two remote A2A agents for tests, played by WireMock from the exchanges recorded from the
 * official SDK's servers (src/test/resources/a2a): a v1.0 server under {@code /v1} (which, like the
 * SDK 1.3.0 server, gives its v0.3 card to clients that send no {@code A2A-Version}) and a v0.3-era
 * server under {@code /v03}. Both answer as the recorded fixed agent does: a message starting
 * "hello" gets a Message, one containing "fail" a failed task, one starting "which" an
 * input-required task, anything else a task answering "Paris is the capital of France." in three
 * streamed chunks. Their JSON-RPC endpoints want {@link #TOKEN} as bearer token.
 * {@link #importAgent} registers one as an {@code a2a} agent through the API.
 */
public final class A2aRemote implements AutoCloseable {

    /** The v1.0 server. */
    public static final String V1 = "v1";
    /** The v0.3 server. */
    public static final String V03 = "v03";
    /** The bearer token both JSON-RPC endpoints want. */
    public static final String TOKEN = "a2a-remote-token-5d81c";
    /** The whole answer to a question, as the three recorded chunks make it. */
    public static final String ANSWER = "Paris is the capital of France.";

    private static final Path RECORDINGS = Path.of("src/test/resources/a2a");
    private static final Map<String, String> RECORDED_AT = Map.of(V1, "http://127.0.0.1:41241",
            V03, "http://127.0.0.1:41242");

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    public A2aRemote() {
        server.start();
        reset();
    }

    /** The WireMock server, for stubs of a test's own. */
    public WireMockServer server() {
        return server;
    }

    /** The base URL of a server ({@link #V1} or {@link #V03}): where its card is below. */
    public String baseUrl(String version) {
        return server.baseUrl() + "/" + version;
    }

    /** Its JSON-RPC endpoint, as its card names it. */
    public String rpcUrl(String version) {
        return baseUrl(version) + "/a2a/jsonrpc";
    }

    /** Back to the recorded servers, with no requests remembered. */
    public void reset() {
        server.resetAll();
        // The v1.0 server: its v1.0 card for clients that ask for 1.0, the v0.3 view for the others.
        server.stubFor(get(urlPathEqualTo("/v1/.well-known/agent-card.json")).atPriority(1)
                .withHeader("A2A-Version", equalTo("1.0"))
                .willReturn(json(200, recording(V1, "agent-card.json"))));
        server.stubFor(get(urlPathEqualTo("/v1/.well-known/agent-card.json")).atPriority(2)
                .willReturn(json(200, recording(V1, "agent-card-v03-view.json"))));
        server.stubFor(get(urlPathEqualTo("/v03/.well-known/agent-card.json"))
                .willReturn(json(200, recording(V03, "agent-card.json"))));
        for (String version : List.of(V1, V03)) {
            String send = version.equals(V1) ? "SendMessage" : "message/send";
            String stream = version.equals(V1) ? "SendStreamingMessage" : "message/stream";
            server.stubFor(post(urlPathEqualTo("/" + version + "/a2a/jsonrpc")).atPriority(9)
                    .willReturn(json(401, "{\"error\":\"missing or wrong bearer token\"}")));
            for (String outcome : List.of("message", "failed", "input-required", "completed")) {
                server.stubFor(rpc(version, send, outcome).willReturn(json(200, recording(version,
                        "send-" + outcome + ".response.json"))));
                server.stubFor(rpc(version, stream, outcome).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "text/event-stream").withHeader("Cache-Control", "no-cache")
                        // Cut anywhere, as a network may: events arrive in pieces, over half a second.
                        .withBody(recording(version, "stream-" + outcome + ".response.sse"))
                        .withChunkedDribbleDelay(7, 500)));
            }
        }
    }

    private MappingBuilder rpc(String version, String method, String outcome) {
        String text = switch (outcome) {
            case "message" -> "(?is)hello.*";
            case "failed" -> "(?is).*fail.*";
            case "input-required" -> "(?is)which.*";
            default -> "(?s).*";
        };
        MappingBuilder rpc = post(urlPathEqualTo("/" + version + "/a2a/jsonrpc"))
                .atPriority(outcome.equals("completed") ? 5 : 4)
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(matchingJsonPath("$.method", equalTo(method)))
                .withRequestBody(matchingJsonPath("$.params.message.parts[0].text", matching(text)));
        // The v1.0 server tells the versions apart by this header, and takes none as 0.3.
        return version.equals(V1) ? rpc.withHeader("A2A-Version", equalTo("1.0")) : rpc;
    }

    /** The JSON-RPC requests a server received, oldest first. */
    public List<LoggedRequest> rpcCalls(String version) {
        return server.findAll(postRequestedFor(urlPathEqualTo("/" + version + "/a2a/jsonrpc")));
    }

    /** The body of the last JSON-RPC request a server received. */
    public JsonObject lastRpc(String version) {
        List<LoggedRequest> calls = rpcCalls(version);
        return new JsonObject(calls.get(calls.size() - 1).getBodyAsString());
    }

    /**
     * Imports a server as agent {@code id} through {@code POST /api/v1/agents/import}, with its
     * token, as an admin; answers the 201's body checks.
     */
    public ValidatableResponse importAgent(String id, String version) {
        Map<String, Object> body = new HashMap<>(Map.of("baseUrl", baseUrl(version), "apiKey", TOKEN));
        if (id != null) {
            body.put("id", id);
        }
        return given().port(ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class))
                .auth().oauth2(Agents.admin()).contentType(ContentType.JSON).body(new JsonObject(body).encode())
                .post("/api/v1/agents/import").then().statusCode(201);
    }

    /** A recording as the server at this WireMock serves it: the recorded address replaced by its own. */
    public String recording(String version, String file) {
        return read(version + "/" + file).replace(RECORDED_AT.get(version), baseUrl(version));
    }

    /** A recording as it was recorded. */
    public static String read(String file) {
        try {
            return Files.readString(RECORDINGS.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON answer (a card, a JSON-RPC response) with this status. */
    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Override
    public void close() {
        server.stop();
    }
}
