package ai.sutazai.mcp.registration;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import ai.sutazai.commons.testing.ServiceProcess;
import ai.sutazai.commons.testing.TcpForwarder;

/**
 * The packaged service against a double of Consul's HTTP API: registration never blocks start-up,
 * happens once Consul answers, with the body Consul documents, again when Consul forgets the
 * instance, and is undone on shutdown.
 */
class ConsulRegistrationIT {

    private static final String HOST = "mcp-bridge.test";

    @TempDir
    Path workingDirectory;

    private final int consulPort = TcpForwarder.freePort();
    private final int httpPort = TcpForwarder.freePort();
    private final String instanceId = "mcp-bridge-service-" + HOST + "-" + httpPort;
    private WireMockServer consul;

    @AfterEach
    void stopConsul() {
        if (consul != null) {
            consul.stop();
        }
    }

    @Test
    void registersWhenConsulAppearsAgainWhenForgottenAndDeregistersOnShutdown() throws Exception {
        Map<String, String> environment = Map.of(
                "JWT_SECRET", "d2b7c9e4f1a8063b5c7e9d2f4a6b8c0e1f3a5c7e",
                "CONSUL_ENABLED", "true",
                "CONSUL_HOST", "127.0.0.1",
                "CONSUL_PORT", "" + consulPort,
                "SERVICE_ADVERTISED_HOST", HOST,
                "QUARKUS_HTTP_PORT", "" + httpPort,
                "SUTAZAI_CONSUL_RECONCILE_INTERVAL", "1s",
                "SUTAZAI_CONSUL_RETRY_MAX_BACKOFF", "1s");
        ServiceProcess service = ServiceProcess.start(workingDirectory, environment);
        try {
            // Consul is down: the service starts and serves anyway.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ServiceProcess.status(httpPort, "/q/health/ready") == 200 || !service.isAlive());
            assertThat(service.output(), ServiceProcess.status(httpPort, "/q/health/ready"), is(200));

            consul = new WireMockServer(options().port(consulPort));
            consul.start();
            consul.stubFor(put(urlEqualTo("/v1/agent/service/register")).willReturn(aResponse().withStatus(200)));
            consul.stubFor(put(urlEqualTo("/v1/agent/service/deregister/" + instanceId))
                    .willReturn(aResponse().withStatus(200)));
            knows(true);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> consul.verify(1, registration()));

            knows(false);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> consul.verify(2, registration()));
            knows(true);
        } finally {
            service.close();
        }
        consul.verify(1, putRequestedFor(urlEqualTo("/v1/agent/service/deregister/" + instanceId)));
        assertThat(service.output(), service.output().contains("Deregistered " + instanceId), is(true));
    }

    private void knows(boolean known) {
        consul.stubFor(get(urlPathEqualTo("/v1/agent/service/" + instanceId)).willReturn(known
                ? aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"ID\":\"" + instanceId + "\",\"Service\":\"mcp-bridge-service\"}")
                : aResponse().withStatus(404).withBody("unknown service ID")));
    }

    private RequestPatternBuilder registration() {
        String base = "http://" + HOST + ":" + httpPort;
        return putRequestedFor(urlEqualTo("/v1/agent/service/register"))
                .withRequestBody(matchingJsonPath("$.ID", equalTo(instanceId)))
                .withRequestBody(matchingJsonPath("$.Name", equalTo("mcp-bridge-service")))
                .withRequestBody(matchingJsonPath("$.Address", equalTo(HOST)))
                .withRequestBody(matchingJsonPath("$.Port", equalTo("" + httpPort)))
                .withRequestBody(matchingJsonPath("$.Tags[0]", equalTo("version=0.1.0-SNAPSHOT")))
                .withRequestBody(matchingJsonPath("$.Checks[0].HTTP", equalTo(base + "/q/health/live")))
                .withRequestBody(matchingJsonPath("$.Checks[0].Interval", equalTo("10s")))
                .withRequestBody(matchingJsonPath("$.Checks[0].DeregisterCriticalServiceAfter", equalTo("1m")))
                .withRequestBody(matchingJsonPath("$.Checks[1].HTTP", equalTo(base + "/q/health/ready")))
                .withRequestBody(matchingJsonPath("$.Checks[1].Interval", equalTo("10s")))
                .withRequestBody(matchingJsonPath("$.Checks[1].DeregisterCriticalServiceAfter", absent()));
    }
}
