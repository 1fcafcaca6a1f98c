package ai.sutazai.agent.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

/**
 * mcp-bridge-service as WireMock plays it, replaying the real bridge's answers in front of
 * server-everything (recorded in src/test/resources/mcp-bridge, see its README): the tool list, and
 * the calls of {@code get-sum} and {@code echo}.
 */
public final class McpBridgeStubs {

    /** The path of a tool call through the bridge. */
    public static final String CALLS = "/api/v1/mcp/servers/everything/tools/";
    /** What {@code get-sum} answers for 2 and 3. */
    public static final String SUM_2_3 = "The sum of 2 and 3 is 5.";

    private McpBridgeStubs() {
    }

    /** server-everything behind the bridge: its tools listed, get-sum and echo answering as recorded. */
    public static void everything(WireMockServer bridge) {
        bridge.resetAll();
        bridge.stubFor(get(urlPathEqualTo("/api/v1/mcp/tools")).willReturn(json(200, read("tools.json"))));
        bridge.stubFor(post(urlPathEqualTo(CALLS + "get-sum/call")).withRequestBody(equalToJson("{\"a\":2,\"b\":3}"))
                .willReturn(json(200, read("call-sum.json"))));
        bridge.stubFor(post(urlPathEqualTo(CALLS + "get-sum/call")).withRequestBody(equalToJson("{\"a\":\"two\",\"b\":3}"))
                .willReturn(json(400, read("call-sum-invalid.json")).withHeader("Content-Type", "application/problem+json")));
        bridge.stubFor(post(urlPathEqualTo(CALLS + "echo/call")).willReturn(json(200, read("call-echo.json"))));
        bridge.stubFor(post(urlPathEqualTo(CALLS + "no-such-tool/call")).willReturn(json(404, read("call-unknown.json"))
                .withHeader("Content-Type", "application/problem+json")));
    }

    /** Like {@link #everything}, with every tool call answering only after {@code millis}. */
    public static void slowCalls(WireMockServer bridge, int millis) {
        everything(bridge);
        bridge.stubFor(post(urlPathEqualTo(CALLS + "echo/call")).willReturn(json(200, read("call-echo.json"))
                .withFixedDelay(millis)));
    }

    /** A bridge that lists its tools but whose tool calls have their connections reset (it went down meanwhile). */
    public static void callsFail(WireMockServer bridge) {
        everything(bridge);
        bridge.stubFor(post(urlPathMatching(CALLS + ".*")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    /** A bridge that is gone: every request has its connection reset. */
    public static void down(WireMockServer bridge) {
        bridge.resetAll();
        bridge.stubFor(any(urlPathMatching("/api/v1/mcp/.*")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=UTF-8").withBody(body);
    }

    private static String read(String fixture) {
        try {
            return Files.readString(Path.of("src/test/resources/mcp-bridge", fixture), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
