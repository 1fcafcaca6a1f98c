package ai.sutazai.health.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import ai.sutazai.commons.testing.InjectWireMock;
import ai.sutazai.commons.testing.TcpForwarder;

/**
 * The notification receiver at {@code /hook}, which also serves {@code /switch}: the target of a
 * critical HTTP probe that a test takes down and brings back by restubbing it. A second,
 * non-critical probe stays down on a closed port all along.
 */
public class WebhookReceiver implements QuarkusTestResourceLifecycleManager {

    static final String NAME = "webhook";
    static final String HOOK = "/hook";
    static final String SWITCHED = "notify-switched";
    static final String MINOR = "notify-minor";

    private WireMockServer receiver;

    @Override
    public Map<String, String> start() {
        receiver = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlEqualTo(HOOK)).atPriority(10).willReturn(aResponse().withStatus(200)));
        switchTo(receiver, 200);
        try {
            Path probes = Files.createTempFile("notify-probes", ".yaml");
            Files.writeString(probes, """
                    probes:
                      - {name: %s, type: http, url: "http://127.0.0.1:%d/switch", interval: PT0.5S, timeout: PT0.4S, critical: true}
                      - {name: %s, type: tcp, host: 127.0.0.1, port: %d, interval: PT0.2S, timeout: PT0.1S}
                    """.formatted(SWITCHED, receiver.port(), MINOR, TcpForwarder.freePort()));
            return Map.of("health.probes-file", probes.toString(),
                    "health.notify.webhook-url", "http://127.0.0.1:" + receiver.port() + HOOK,
                    "health.notify.first-backoff", "PT0.05S", "health.notify.max-backoff", "PT0.2S");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the probes file", e);
        }
    }

    /** What {@code /switch} answers from now on: 200 keeps the critical probe up, 500 takes it down. */
    static void switchTo(WireMockServer receiver, int status) {
        receiver.stubFor(get(urlEqualTo("/switch")).willReturn(aResponse().withStatus(status)));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(receiver, field -> field.getType() == WireMockServer.class
                && field.isAnnotationPresent(InjectWireMock.class) && field.getAnnotation(InjectWireMock.class)
                        .value().equals(NAME));
    }

    @Override
    public void stop() {
        receiver.stop();
    }
}
