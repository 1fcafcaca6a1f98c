package ai.sutazai.gateway.health;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;

/** Stand-ins for the other services' instances: each answers /q/health/ready as told. */
public final class SuiteDouble {

    private static final String READY = "{\"status\":\"UP\",\"checks\":[{\"name\":\"database\",\"status\":\"UP\",\"data\":{\"postgres\":\"up\"}}]}";
    private static final String NOT_READY = "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"database\",\"status\":\"DOWN\",\"data\":{\"postgres\":\"down\"}}]}";

    private final Map<String, WireMockServer> instances = new LinkedHashMap<>();

    SuiteDouble(String... names) {
        for (String name : names) {
            WireMockServer server = new WireMockServer(options().dynamicPort());
            server.start();
            instances.put(name, server);
        }
        allReady();
    }

    /** The static address list of a service, made of its instances named {@code service#n}. */
    String addresses(String service) {
        return instances.entrySet().stream().filter(e -> e.getKey().startsWith(service + "#"))
                .map(e -> "localhost:" + e.getValue().port()).collect(Collectors.joining(","));
    }

    /** The WireMock server playing {@code instance} (e.g. {@code agent-service#2}), for tests that forward to it. */
    public WireMockServer server(String instance) {
        return instances.get(instance);
    }

    /** Forgets every stub and recorded request, then answers readiness probes as ready again. */
    public void allReady() {
        instances.keySet().forEach(this::ready);
    }

    void ready(String instance) {
        answer(instance, 200, READY, 0);
    }

    void notReady(String instance) {
        answer(instance, 503, NOT_READY, 0);
    }

    void hangs(String instance) {
        answer(instance, 200, READY, 30_000);
    }

    private void answer(String instance, int status, String body, int delayMillis) {
        WireMockServer server = instances.get(instance);
        server.resetAll();
        server.stubFor(get(urlEqualTo("/q/health/ready")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body).withFixedDelay(delayMillis)));
    }

    void stop() {
        instances.values().forEach(WireMockServer::stop);
    }
}
