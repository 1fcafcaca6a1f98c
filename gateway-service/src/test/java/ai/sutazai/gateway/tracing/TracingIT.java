package ai.sutazai.gateway.tracing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import ai.sutazai.commons.testing.ServiceProcess;
import ai.sutazai.commons.testing.TcpForwarder;
import ai.sutazai.commons.testing.TestTokens;

/**
 * Tracing follows {@code OTEL_EXPORTER_OTLP_ENDPOINT}, as an operator sets it: with a collector a
 * forwarded request is exported as a trace that continues upstream; without one no span is made
 * (and none is paid for). WireMock plays the collector (OTLP over HTTP) and the upstream.
 */
class TracingIT {

    private final WireMockServer collector = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort());
    private final WireMockServer agents = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
            .dynamicPort());
    private final int port = TcpForwarder.freePort();

    @BeforeEach
    void doubles() {
        collector.start();
        collector.stubFor(post(urlEqualTo("/v1/traces")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-protobuf")));
        agents.start();
        agents.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("[]")));
    }

    @AfterEach
    void stopDoubles() {
        collector.stop();
        agents.stop();
    }

    @Test
    void withACollectorAForwardedRequestIsExportedAsATraceThatContinuesUpstream(@TempDir Path dir) throws Exception {
        Map<String, String> environment = environment();
        environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.port());
        environment.put("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        // Export within a moment, not after the default 5 s.
        environment.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms");
        try (ServiceProcess gateway = ServiceProcess.start(dir, environment)) {
            String traceparent = forwardedTraceparent();
            assertThat(traceparent, matchesPattern("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
            // OTLP/protobuf carries ids as raw bytes and names as UTF-8: look for both in what was exported.
            byte[] traceId = HexFormat.of().parseHex(traceparent.substring(3, 35));
            byte[] service = "gateway-service".getBytes(StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(10)).until(() -> collector.findAll(postRequestedFor(urlEqualTo("/v1/traces")))
                    .stream().anyMatch(request -> contains(request.getBody(), traceId) && contains(request.getBody(), service)));
        }
    }

    @Test
    void withoutACollectorNoSpanIsMade(@TempDir Path dir) throws Exception {
        try (ServiceProcess gateway = ServiceProcess.start(dir, environment())) {
            assertThat(forwardedTraceparent(), is(nullValue()));
        }
        assertThat(collector.findAll(postRequestedFor(urlEqualTo("/v1/traces"))), is(List.of()));
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        for (String name : List.of("JWT_SECRET", "POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_USER",
                "POSTGRES_PASSWORD", "REDIS_HOST", "REDIS_PORT", "PATH")) {
            environment.put(name, System.getenv(name));
        }
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        environment.put("AGENT_SERVICE_ADDRESSES", "127.0.0.1:" + agents.port());
        return environment;
    }

    private String forwardedTraceparent() {
        String token = TestTokens.user();
        await().atMost(Duration.ofSeconds(60)).until(() -> ServiceProcess.status(port, "/q/health/ready") == 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> ServiceProcess.body(port, "/api/v1/agents", token).equals("[]"));
        return agents.getAllServeEvents().stream().filter(event -> event.getRequest().getUrl().equals("/api/v1/agents"))
                .findFirst().orElseThrow().getRequest().getHeader("traceparent");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
