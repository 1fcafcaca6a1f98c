package ai.sutazai.gateway.health;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.stork.Stork;
import io.smallrye.stork.api.ServiceInstance;

import ai.sutazai.commons.testing.TcpForwarder;

/**
 * With CONSUL_ENABLED=true, Stork finds services through Consul's health API (passing instances
 * only) while the aggregated health sees every registered instance, passing or not.
 */
@QuarkusTest
@TestProfile(ConsulDiscoveryTest.ConsulOn.class)
class ConsulDiscoveryTest {

    /** Turns Consul on, pointed at {@link ConsulDouble}. */
    public static class ConsulOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Long enough that two calls in a row always fall in the same window.
            return Map.of("gateway.health.reuse-window", "30s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ConsulDouble.class));
        }
    }

    /** Consul's HTTP API: agent-service has a passing and a critical instance, the others none. */
    public static class ConsulDouble implements QuarkusTestResourceLifecycleManager {

        private WireMockServer consul;
        private WireMockServer agent;

        @Override
        public Map<String, String> start() {
            consul = new WireMockServer(options().dynamicPort());
            agent = new WireMockServer(options().dynamicPort());
            consul.start();
            agent.start();
            agent.stubFor(get(urlEqualTo("/q/health/ready")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody("{\"status\":\"UP\",\"checks\":[]}")));
            consul.stubFor(any(anyUrl()).atPriority(10).willReturn(json("[]")));
            String passing = entry("agent-service-a", agent.port(), "passing");
            String critical = entry("agent-service-b", TcpForwarder.freePort(), "critical");
            consul.stubFor(get(urlPathEqualTo("/v1/health/service/agent-service")).atPriority(5)
                    .willReturn(json("[" + passing + "," + critical + "]")));
            consul.stubFor(get(urlPathEqualTo("/v1/health/service/agent-service")).atPriority(1)
                    .withQueryParam("passing", matching("1|true")).willReturn(json("[" + passing + "]")));
            return Map.of("CONSUL_ENABLED", "true", "CONSUL_HOST", "127.0.0.1", "CONSUL_PORT", "" + consul.port(),
                    "SERVICE_ADVERTISED_HOST", "gateway.test");
        }

        private static ResponseDefinitionBuilder json(String body) {
            // Consul answers every catalog read with the index of its state, and clients read it.
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withHeader("X-Consul-Index", "42").withBody(body);
        }

        // The shape Consul documents for GET /v1/health/service/<name>.
        private static String entry(String id, int port, String status) {
            return "{\"Node\":{\"ID\":\"n1\",\"Node\":\"node-1\",\"Address\":\"127.0.0.1\",\"Datacenter\":\"dc1\"},"
                    + "\"Service\":{\"ID\":\"" + id + "\",\"Service\":\"agent-service\",\"Tags\":[\"version=1\"],"
                    + "\"Address\":\"127.0.0.1\",\"Port\":" + port + "},"
                    + "\"Checks\":[{\"Node\":\"node-1\",\"CheckID\":\"" + id + "-ready\",\"Name\":\"readiness\","
                    + "\"Status\":\"" + status + "\",\"ServiceID\":\"" + id + "\",\"ServiceName\":\"agent-service\"}]}";
        }

        @Override
        public void stop() {
            consul.stop();
            agent.stop();
        }
    }

    @Test
    void storkResolvesOnlyPassingInstancesFromConsul() {
        List<ServiceInstance> instances = Stork.getInstance().getService("agent-service").getInstances()
                .await().atMost(Duration.ofSeconds(5));
        assertThat(instances.stream().map(ServiceInstance::getHost).toList(), contains("127.0.0.1"));
        assertThat(instances.size(), is(1));
    }

    @Test
    void callsWithinTheReuseWindowShareOneFanOut() {
        String first = given().get("/api/v1/health").then().statusCode(503).extract().path("checkedAt");
        String second = given().get("/api/v1/health").then().statusCode(503).extract().path("checkedAt");
        assertThat(second, is(first));
    }

    @Test
    void aggregatedHealthSeesEveryRegisteredInstance() {
        given().get("/api/v1/health").then().statusCode(503)
                .body("status", is("DOWN"))
                .body("services.find { it.name == 'agent-service' }.instances", is(2))
                .body("services.find { it.name == 'agent-service' }.status", is("DEGRADED"))
                .body("services.find { it.name == 'memory-service' }.status", is("DOWN"))
                .body("services.find { it.name == 'memory-service' }.error", is("no instance is registered"));
    }
}
