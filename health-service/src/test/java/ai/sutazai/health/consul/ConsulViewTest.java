package ai.sutazai.health.consul;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import ai.sutazai.commons.testing.InjectWireMock;
import ai.sutazai.commons.testing.TestTokens;

/**
 * With CONSUL_ENABLED=true, Consul's view of the suite is listed with every check's state, shown
 * beside the service's probe in the system status, and answered (unreachable, with the error)
 * while Consul fails.
 */
@QuarkusTest
@TestProfile(ConsulViewTest.ConsulOn.class)
class ConsulViewTest {

    private static final String USER = TestTokens.user();
    private static final String MEMORY = "services.find { it.name == 'memory-service' }";

    /** Consul on, played by {@link ConsulDouble}, with its probes only. */
    public static class ConsulOn implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ConsulDouble.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @InjectWireMock(ConsulDouble.NAME)
    WireMockServer consul;

    @AfterEach
    void answerNormallyAgain() {
        ConsulDouble.answerNormally(consul);
    }

    @Test
    void theViewListsRegisteredServicesWithTheirChecksStates() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(USER)
                .get("/api/v1/system/consul").then().statusCode(200)
                .body("reachable", is(true))
                .body("services.name", containsInAnyOrder("consul", "memory-service"))
                .body(MEMORY + ".status", is("critical"))
                .body(MEMORY + ".instances", is(2))
                .body(MEMORY + ".instancesByStatus.passing", is(1))
                .body(MEMORY + ".instancesByStatus.critical", is(1))
                .body(MEMORY + ".tags", containsInAnyOrder("version=0.1.0"))
                .body(MEMORY + ".checks.find { it.checkId == 'memory-service-a-ready' }.status", is("passing"))
                .body(MEMORY + ".checks.find { it.checkId == 'memory-service-b-ready' }.status", is("critical"))
                .body(MEMORY + ".checks.find { it.checkId == 'memory-service-b-ready' }.output",
                        containsString("503 Service Unavailable"))
                .body("services.find { it.name == 'consul' }.status", is("passing")));
    }

    @Test
    void theViewNeedsAToken() {
        given().get("/api/v1/system/consul").then().statusCode(401);
    }

    @Test
    void consulsViewOfAServiceAppearsBesideItsProbe() {
        String component = "components.find { it.name == 'memory-service' }";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(USER)
                .get("/api/v1/system/status").then()
                .body(component + ".type", is("service"))
                .body(component + ".consul.status", is("critical"))
                .body(component + ".consul.instances", is(2))
                .body(component + ".consul.instancesByStatus.passing", is(1))
                .body(component + ".consul.checks", nullValue()));
        // Anonymous callers get names and statuses only.
        given().get("/api/v1/system/status").then().body(component + ".consul", nullValue());
    }

    @Test
    void aFailingConsulIsReportedUnreachableWithTheErrorNeverAs500() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(USER)
                .get("/api/v1/system/consul").then().body("reachable", is(true)));
        consul.stubFor(get(urlPathEqualTo("/v1/catalog/services")).atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("rpc error making call: No cluster leader")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(USER)
                .get("/api/v1/system/consul").then().statusCode(200)
                .body("reachable", is(false))
                .body("error", containsString("127.0.0.1:" + consul.port()))
                .body("unreachableSince", notNullValue())
                .body("answeredAt", notNullValue())
                // What Consul last answered is still shown, marked by answeredAt.
                .body("services", hasSize(2)));
        given().auth().oauth2(USER).get("/api/v1/system/status").then()
                .body("components.find { it.name == 'memory-service' }.consul", nullValue());
        ConsulDouble.answerNormally(consul);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(USER)
                .get("/api/v1/system/consul").then().body("reachable", is(true)).body("error", nullValue()));
    }
}
