package ai.sutazai.commons.testing;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * WireMock in place of one of the suite's services: {@code stork://<service>} resolves to it, so a
 * typed client is tested through its real REST client, guard and discovery. Name the service with
 * the init argument {@code service}; inject the server into a field with {@link InjectWireMock}:
 * <pre>
 * &#64;QuarkusTestResource(value = WireMockServiceResource.class, restrictToAnnotatedClass = true,
 *         initArgs = &#64;ResourceArg(name = WireMockServiceResource.SERVICE, value = "memory-service"))
 * </pre>
 */
public class WireMockServiceResource implements QuarkusTestResourceLifecycleManager {

    /** The init argument naming the service WireMock plays. */
    public static final String SERVICE = "service";

    private String service;
    private WireMockServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.get(SERVICE);
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("WireMockServiceResource needs the init argument \"" + SERVICE + "\"");
        }
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        String discovery = "quarkus.stork." + service + ".service-discovery.";
        return Map.of(discovery + "type", "static", discovery + "address-list", "127.0.0.1:" + server.port());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, field -> field.getType() == WireMockServer.class
                && field.isAnnotationPresent(InjectWireMock.class)
                && field.getAnnotation(InjectWireMock.class).value().equals(service));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
