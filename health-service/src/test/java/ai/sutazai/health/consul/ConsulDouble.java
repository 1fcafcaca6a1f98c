package ai.sutazai.health.consul;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import ai.sutazai.commons.testing.InjectWireMock;

/**
 * Consul's HTTP API as a one-node agent answers it: the catalog holds consul itself and
 * memory-service, whose instance a passes its readiness check and instance b fails it. The only
 * probe is memory-service's, so it appears beside Consul's view in the system status.
 */
public class ConsulDouble implements QuarkusTestResourceLifecycleManager {

    static final String NAME = "consul";

    private WireMockServer consul;

    @Override
    public Map<String, String> start() {
        consul = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        consul.start();
        answerNormally(consul);
        try {
            Path probes = Files.createTempFile("consul-probes", ".yaml");
            Files.writeString(probes, """
                    probes:
                      - {name: memory-service, type: service, url: "http://127.0.0.1:%d", interval: PT1S, timeout: PT0.5S}
                    """.formatted(consul.port()));
            return Map.of("health.probes-file", probes.toString(), "CONSUL_ENABLED", "true",
                    "CONSUL_HOST", "127.0.0.1", "CONSUL_PORT", String.valueOf(consul.port()),
                    "SERVICE_ADVERTISED_HOST", "health.test", "health.consul.poll-interval", "PT0.2S",
                    "health.consul.timeout", "PT1S");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the probes file", e);
        }
    }

    /** The catalog and health answers of the healthy agent (also: this instance's own registration). */
    static void answerNormally(WireMockServer consul) {
        consul.resetAll();
        consul.stubFor(any(anyUrl()).atPriority(10).willReturn(json("{}")));
        // developer.hashicorp.com/consul/api-docs/catalog#list-services: service names to their tags.
        consul.stubFor(get(urlPathEqualTo("/v1/catalog/services"))
                .willReturn(json("{\"consul\":[],\"memory-service\":[\"version=0.1.0\"]}")));
        consul.stubFor(get(urlPathEqualTo("/v1/health/service/consul"))
                .willReturn(json("[" + entry("consul", "consul", 8300, "") + "]")));
        consul.stubFor(get(urlPathEqualTo("/v1/health/service/memory-service")).willReturn(json("["
                + entry("memory-service-a", "memory-service", 10220, readiness("memory-service-a", "passing", "HTTP GET "
                        + "http://10.0.0.5:10220/q/health/ready: 200 OK Output: {\\\"status\\\":\\\"UP\\\"}"))
                + "," + entry("memory-service-b", "memory-service", 10221, readiness("memory-service-b", "critical",
                        "HTTP GET http://10.0.0.6:10221/q/health/ready: 503 Service Unavailable"))
                + "]")));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("X-Consul-Index", "42").withBody(body);
    }

    // developer.hashicorp.com/consul/api-docs/health#list-service-instances-for-service: the node's
    // own serfHealth check comes with the service's checks.
    private static String entry(String id, String service, int port, String serviceCheck) {
        return "{\"Node\":{\"ID\":\"40e4a748-2192-161a-0510-9bf59fe950b5\",\"Node\":\"node-1\",\"Address\":\"10.0.0.5\","
                + "\"Datacenter\":\"dc1\",\"TaggedAddresses\":{\"lan\":\"10.0.0.5\"},\"Meta\":{}},"
                + "\"Service\":{\"ID\":\"" + id + "\",\"Service\":\"" + service + "\",\"Tags\":[\"version=0.1.0\"],"
                + "\"Address\":\"10.0.0.5\",\"Meta\":{\"version\":\"0.1.0\"},\"Port\":" + port + "},"
                + "\"Checks\":[{\"Node\":\"node-1\",\"CheckID\":\"serfHealth\",\"Name\":\"Serf Health Status\","
                + "\"Status\":\"passing\",\"Notes\":\"\",\"Output\":\"Agent alive and reachable\",\"ServiceID\":\"\","
                + "\"ServiceName\":\"\",\"ServiceTags\":[]}" + (serviceCheck.isEmpty() ? "" : "," + serviceCheck) + "]}";
    }

    private static String readiness(String id, String status, String output) {
        return "{\"Node\":\"node-1\",\"CheckID\":\"" + id + "-ready\",\"Name\":\"memory-service readiness\","
                + "\"Status\":\"" + status + "\",\"Notes\":\"\",\"Output\":\"" + output + "\",\"ServiceID\":\"" + id
                + "\",\"ServiceName\":\"memory-service\",\"ServiceTags\":[\"version=0.1.0\"]}";
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(consul, field -> field.getType() == WireMockServer.class
                && field.isAnnotationPresent(InjectWireMock.class) && field.getAnnotation(InjectWireMock.class)
                        .value().equals(NAME));
    }

    @Override
    public void stop() {
        consul.stop();
    }
}
