package ai.sutazai.gateway.routing;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.gateway.Accounts;
import ai.sutazai.gateway.Accounts.Account;
import ai.sutazai.gateway.WithTestAccounts;
import ai.sutazai.gateway.health.SuiteDouble;

/**
 * Forwarding to WireMock doubles of the services (agent-service has two instances): every prefix
 * reaches its owner unchanged, streams stream, and failures end in the right problem.
 */
@QuarkusTest
class GatewayProxyTest extends WithTestAccounts {

    SuiteDouble suite;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @BeforeEach
    void freshDoubles() {
        suite.allReady();
        CircuitBreakerMaintenance.get().resetAll();
    }

    @AfterEach
    void readyAgain() {
        suite.allReady();
        CircuitBreakerMaintenance.get().resetAll();
    }

    @Test
    void everyPrefixReachesItsOwnerWithPathQueryAndBodyIntact() {
        Map<String, String> owners = Map.ofEntries(Map.entry("/api/v1/agents", "agent-service"),
                Map.entry("/api/v1/chat", "agent-service"), Map.entry("/api/v1/tasks", "agent-service"),
                Map.entry("/api/v1/models", "agent-service"), Map.entry("/api/v1/openai", "agent-service"),
                Map.entry("/a2a", "agent-service"), Map.entry("/api/v1/memory", "memory-service"),
                Map.entry("/api/v1/mcp", "mcp-bridge-service"), Map.entry("/mcp", "mcp-bridge-service"),
                Map.entry("/api/v1/system", "health-service"), Map.entry("/api/v1/alerts", "health-service"),
                Map.entry("/api/v1/hardware", "health-service"), Map.entry("/status", "health-service"));
        owners.values().stream().distinct().forEach(service -> instances(service).forEach(server -> server.stubFor(
                any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200).withHeader("X-Served-By", service)
                        .withBody("ok")))));
        String token = TestTokens.user();
        owners.forEach((prefix, service) -> {
            for (String path : new String[] { prefix + "/x/y", prefix + "/", prefix }) {
                String uri = path + "?q=a%20b&n=1";
                // The URI goes out exactly as written, percent-encoding included.
                given().urlEncodingEnabled(false).auth().oauth2(token).contentType(ContentType.JSON)
                        .body("{\"k\":\"" + path + "\"}").post(uri).then().statusCode(200).header("X-Served-By", service);
                // WireMock journals a request just after answering it.
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(uri + " reached " + service + " once",
                        instances(service).mapToLong(server -> server.countRequestsMatching(postRequestedFor(urlEqualTo(uri))
                                .withRequestBody(equalTo("{\"k\":\"" + path + "\"}"))
                                .withHeader("Authorization", equalTo("Bearer " + token)).build()).getCount()).sum(),
                        is(1L)));
            }
        });
    }

    @Test
    void serverSentEventsArriveBeforeTheUpstreamHasFinished() throws Exception {
        suite.server("memory-service#1").stubFor(any(urlPathEqualTo("/api/v1/memory/stream")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody("data: first\n\n" + "data: x\n\n".repeat(20) + "data: last\n\n")
                .withChunkedDribbleDelay(4, 3000)));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/memory/stream"))
                .header("Authorization", "Bearer " + TestTokens.user()).build();
        long started = System.nanoTime();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("Content-Type").orElse(""), startsWith("text/event-stream"));
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine(), is("data: first"));
            long firstEventMillis = (System.nanoTime() - started) / 1_000_000;
            String line;
            String last = null;
            while ((line = lines.readLine()) != null) {
                if (!line.isEmpty()) {
                    last = line;
                }
            }
            long allMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(last, is("data: last"));
            assertThat("the first event comes well before the stream ends", firstEventMillis, lessThan(allMillis - 1000));
        }
    }

    @Test
    void aGetIsRetriedOnAnotherInstanceButAPostNever() {
        suite.server("agent-service#1").stubFor(any(anyUrl()).atPriority(10)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        suite.server("agent-service#2").stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200)));
        String token = TestTokens.user();
        for (int i = 0; i < 4; i++) {
            given().auth().oauth2(token).get("/api/v1/agents").then().statusCode(200);
        }
        assertThat("the broken instance was tried", count("agent-service#1", getRequestedFor(urlEqualTo("/api/v1/agents"))),
                greaterThan(0));

        int forwarded = 0;
        int failed = 0;
        for (int i = 0; i < 4; i++) {
            int status = given().auth().oauth2(token).contentType(ContentType.JSON).body("{}").post("/api/v1/agents")
                    .then().extract().statusCode();
            // 503: the breaker, counting the broken instance's failures, kept it from being forwarded.
            forwarded += status == 503 ? 0 : 1;
            failed += status == 200 ? 0 : 1;
        }
        int posts = count("agent-service#1", postRequestedFor(urlEqualTo("/api/v1/agents")))
                + count("agent-service#2", postRequestedFor(urlEqualTo("/api/v1/agents")));
        assertThat("each forwarded POST reached exactly one instance", posts, is(forwarded));
        assertThat("a POST that met the broken instance was not retried", failed, greaterThan(0));
    }

    @Test
    void aHangingUpstreamIsAGatewayTimeoutWithinItsBound() {
        suite.server("memory-service#1").stubFor(any(anyUrl()).atPriority(10)
                .willReturn(aResponse().withStatus(200).withFixedDelay(15_000)));
        long started = System.nanoTime();
        assertProblem(given().auth().oauth2(TestTokens.user()).get("/api/v1/memory/memories").then(), 504,
                "gateway-timeout");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat("answered after the 2 s response timeout", millis, greaterThanOrEqualTo(1900L));
        assertThat("and not much later", millis, lessThan(4000L));
    }

    @Test
    void aFailingUpstreamOpensItsBreakerAndRecoveryClosesIt() {
        WireMockServer health = suite.server("health-service#1");
        health.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(500).withBody("boom")));
        String token = TestTokens.user();
        for (int i = 0; i < 4; i++) {
            // The upstream's own 500 reaches the client while the breaker counts it.
            given().auth().oauth2(token).get("/api/v1/system/status").then().statusCode(500);
        }
        int reached = count("health-service#1", getRequestedFor(urlEqualTo("/api/v1/system/status")));
        assertProblem(given().auth().oauth2(token).get("/api/v1/system/status").then(), 503, "service-unavailable")
                .header("Retry-After", is("2"));
        assertThat("an open breaker keeps requests away", count("health-service#1",
                getRequestedFor(urlEqualTo("/api/v1/system/status"))), is(reached));
        assertThat("dashboards see the breaker open", given().get("/q/metrics").then().extract().asString(),
                containsString("gateway_upstream_breaker_state{state=\"open\",upstream=\"health-service\"} 1.0"));

        health.stubFor(any(anyUrl()).atPriority(5).willReturn(aResponse().withStatus(200).withBody("fine")));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().auth().oauth2(token).get("/api/v1/system/status").then().statusCode(200));
        given().auth().oauth2(token).get("/api/v1/system/status").then().statusCode(200);
    }

    @Test
    void clientIdentityHeadersNeverReachAnUpstream() {
        WireMockServer memory = suite.server("memory-service#1");
        memory.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200)));
        given().auth().oauth2(TestTokens.user()).header("X-User-Id", "someone-else").header("X-User-Groups", "admin")
                .header("X-Request-Id", "proxy-test-1").header("traceparent",
                        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .get("/api/v1/memory/memories").then().statusCode(200).header("X-Request-Id", "proxy-test-1");
        memory.verify(getRequestedFor(urlEqualTo("/api/v1/memory/memories")).withoutHeader("X-User-Id")
                .withoutHeader("X-User-Groups")
                .withHeader("X-Request-Id", equalTo("proxy-test-1"))
                .withHeader("traceparent", matching("00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-0[01]"))
                .withHeader("X-Forwarded-For", equalTo("127.0.0.1"))
                .withHeader("X-Forwarded-Proto", equalTo("http")));
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeAnyUpstreamSeesIt() throws Exception {
        // A raw socket: an HTTP client would fail writing the 20 MB the gateway no longer reads.
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String head = "POST /api/v1/agents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestTokens.user()
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + (20 * 1024 * 1024) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(new byte[64 * 1024]);
            String answer = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            assertThat(answer, startsWith("HTTP/1.1 413"));
            assertThat(answer, containsString("\"type\":\"urn:sutazai:problem:content-too-large\""));
        }
        assertThat(count("agent-service#1", anyRequestedFor(urlPathEqualTo("/api/v1/agents")))
                + count("agent-service#2", anyRequestedFor(urlPathEqualTo("/api/v1/agents"))), is(0));
    }

    @Test
    void aChunkedBodyOverTheLimitIsCutOffWith413() throws Exception {
        suite.server("agent-service#1").stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200)));
        suite.server("agent-service#2").stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200)));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("POST /api/v1/agents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestTokens.user()
                    + "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            String size = Integer.toHexString(chunk.length) + "\r\n";
            try {
                // 12 MB, over the 10 MB limit; the gateway may stop reading before the end.
                for (int i = 0; i < 12 * 16; i++) {
                    out.write(size.getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException closedByTheGateway) {
                // Expected once the answer is out: the rest of the body is refused.
            }
            String answer = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            assertThat(answer, startsWith("HTTP/1.1 413"));
            assertThat(answer, containsString("\"type\":\"urn:sutazai:problem:content-too-large\""));
        }
        given().auth().oauth2(TestTokens.user()).get("/api/v1/gateway/routes").then().statusCode(403);
        assertThat("the breaker did not count the client's mistake",
                CircuitBreakerMaintenance.get().currentState("gateway-upstream-agent-service").name(), is("CLOSED"));
    }

    @Test
    void forwardedRequestsAreMeasuredByRouteNotByPath() {
        WireMockServer memory = suite.server("memory-service#1");
        memory.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200)));
        String token = TestTokens.user();
        for (String id : new String[] { "m-1", "m-2", "m-3" }) {
            given().auth().oauth2(token).get("/api/v1/memory/memories/" + id).then().statusCode(200);
        }
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertThat(metrics, containsString("uri=\"/api/v1/memory/*\""));
        assertThat(metrics, not(containsString("/api/v1/memory/memories/m-")));
    }

    @Test
    void aClientLeavingMidAnswerIsCountedAndLeavesNoErrorBehind() throws Exception {
        suite.server("memory-service#1").stubFor(any(urlPathEqualTo("/api/v1/memory/export")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/x-ndjson").withBody("x".repeat(512 * 1024))
                .withChunkedDribbleDelay(50, 5000)));
        double before = abandoned("memory-service");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/v1/memory/export HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestTokens.user() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII), is("HTTP/1.1 200"));
            // Gone after the first bytes, while the upstream is still sending.
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> abandoned("memory-service") > before);
        assertThat(Files.readString(Path.of("target", "quarkus-test.log")),
                not(containsString("Response has already been written")));
        // The slot it held is free again: the upstream takes the next request.
        suite.server("memory-service#1").stubFor(any(urlPathEqualTo("/api/v1/memory/next")).willReturn(aResponse()
                .withStatus(200).withBody("ok")));
        given().auth().oauth2(TestTokens.user()).get("/api/v1/memory/next").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> given().get("/q/metrics").then().extract().asString()
                .contains("gateway_upstream_in_flight{upstream=\"memory-service\"} 0.0"));
    }

    private static double abandoned(String service) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("gateway_responses_abandoned_total{upstream=\"" + service + "\"}"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    @Test
    void theA2aCardsArePublicAndTheA2aEndpointTakesTokens() {
        instances("agent-service").forEach(server -> server.stubFor(any(anyUrl()).atPriority(10)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"name\":\"SutazAI\"}"))));
        for (String card : new String[] { "/.well-known/agent-card.json", "/.well-known/agent.json" }) {
            given().get(card).then().statusCode(200).body("name", is("SutazAI"));
        }
        assertProblem(given().contentType(ContentType.JSON).body("{}").post("/a2a").then(), 401, "unauthorized");
        assertProblem(given().get("/.well-known/other.json").then(), 404, "not-found");
    }

    @Test
    void withoutATokenNothingIsForwarded() {
        assertProblem(given().get("/api/v1/agents").then(), 401, "unauthorized");
        assertProblem(given().post("/mcp").then(), 401, "unauthorized");
        assertThat(count("agent-service#1", anyRequestedFor(urlPathEqualTo("/api/v1/agents"))), is(0));
    }

    @Test
    void alertmanagersWebhookTokenIsForwardedUntouchedAndOpensNothingElse() {
        WireMockServer health = suite.server("health-service#1");
        health.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200).withBody("{}")));
        // Alertmanager's token is no JWT: health-service checks it, not the gateway.
        String token = "alertmanager-webhook-token-0123456789";
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"version\":\"4\",\"alerts\":[]}")
                .post("/api/v1/alerts/webhook").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(count("health-service#1",
                postRequestedFor(urlEqualTo("/api/v1/alerts/webhook")).withHeader("Authorization",
                        equalTo("Bearer " + token)).withRequestBody(equalTo("{\"version\":\"4\",\"alerts\":[]}"))),
                is(1)));
        // Anywhere else the same bearer is an invalid JWT, and nothing is forwarded.
        assertProblem(given().auth().oauth2(token).get("/api/v1/alerts").then(), 401, "unauthorized");
        assertProblem(given().auth().oauth2(token).post("/api/v1/alerts/webhook/x").then(), 401, "unauthorized");
        assertThat(count("health-service#1", getRequestedFor(urlPathEqualTo("/api/v1/alerts"))), is(0));
    }

    @Test
    void aPersonalAccessTokenIsForwardedAsAShortLivedJwtOfItsOwner() {
        Account owner = Accounts.register("forward");
        String pat = given().auth().oauth2(Accounts.accessToken(owner)).contentType(ContentType.JSON)
                .body(Map.of("name", "agent")).post("/api/v1/auth/tokens").then().statusCode(201).extract().path("token");
        WireMockServer memory = suite.server("memory-service#1");
        memory.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200)));
        given().auth().oauth2(pat).get("/api/v1/memory/memories").then().statusCode(200);

        String forwarded = memory.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().equals("/api/v1/memory/memories")).findFirst().orElseThrow()
                .getRequest().getHeader("Authorization");
        assertThat(forwarded, startsWith("Bearer eyJ"));
        JsonPath claims = Accounts.claims(forwarded.substring("Bearer ".length()));
        assertThat(claims.getString("sub"), is(owner.id()));
        assertThat(claims.getLong("exp") - claims.getLong("iat"), is(60L));
    }

    @Test
    void adminsSeeRoutesInstancesAndBreakers() {
        given().auth().oauth2(Accounts.adminToken()).get("/api/v1/gateway/routes").then().statusCode(200)
                .body("routes.find { it.prefix == '/api/v1/memory' }.service", is("memory-service"))
                .body("upstreams.find { it.service == 'agent-service' }.instances.size()", is(2))
                .body("upstreams.find { it.service == 'agent-service' }.breaker", is("closed"));
        assertProblem(given().auth().oauth2(TestTokens.user()).get("/api/v1/gateway/routes").then(), 403, "forbidden");
    }

    private Stream<WireMockServer> instances(String service) {
        return IntStream.rangeClosed(1, 2).mapToObj(n -> suite.server(service + "#" + n))
                .filter(Objects::nonNull);
    }

    private int count(String instance, RequestPatternBuilder pattern) {
        return suite.server(instance).countRequestsMatching(pattern.build()).getCount();
    }
}
