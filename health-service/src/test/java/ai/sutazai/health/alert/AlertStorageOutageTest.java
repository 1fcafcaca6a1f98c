package ai.sutazai.health.alert;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;

import ai.sutazai.commons.testing.DependencyOutageResource;
import ai.sutazai.commons.testing.InjectForwarder;
import ai.sutazai.commons.testing.TcpForwarder;
import ai.sutazai.commons.testing.TestTokens;

/**
 * While PostgreSQL is away the webhook answers 503 with Retry-After, which Alertmanager retries,
 * never a 2xx for an alert it did not keep; the retry once it is back stores the alert.
 */
@QuarkusTest
@TestProfile(AlertStorageOutageTest.DatabaseDown.class)
class AlertStorageOutageTest {

    /**
     * PostgreSQL behind a forwarder that starts closed. A profile of its own (not StorageOutageTest's),
     * since sharing one would share the forwarder, and each test needs it closed at the start.
     */
    public static class DatabaseDown implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DependencyOutageResource.class));
        }
    }

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @InjectForwarder("postgres")
    TcpForwarder postgres;

    @Inject
    Pool pool;

    @AfterEach
    void cleanUp() {
        postgres.open();
        await().atMost(WITHIN).ignoreExceptions().until(() -> pool.query("DELETE FROM health.alerts WHERE fingerprint "
                + "LIKE '" + Notifications.FINGERPRINT_PREFIX + "%'").execute().await().atMost(Duration.ofSeconds(5))
                != null);
    }

    @Test
    void aNotificationRefusedWhileTheDatabaseIsDownIsStoredWhenAlertmanagerRetries() {
        String fingerprint = Notifications.fingerprint();
        String firing = Notifications.firing(fingerprint, "web");
        // Started without its database (not even migrated yet), then up, then cut in the middle of the run.
        assertProblem(Notifications.post(firing).then(), 503, "service-unavailable").header("Retry-After", is("5"));
        postgres.open();
        await().atMost(WITHIN).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        postgres.close();
        assertProblem(Notifications.post(firing).then(), 503, "service-unavailable").header("Retry-After", is("5"))
                .body("detail", containsString("Storing Alertmanager's notification needs PostgreSQL"));

        postgres.open();
        await().atMost(WITHIN).untilAsserted(() -> Notifications.post(firing).then().statusCode(200)
                .body("alerts", is(1)));
        given().auth().oauth2(TestTokens.user()).queryParam("status", "firing").queryParam("limit", 500)
                .get("/api/v1/alerts").then().statusCode(200)
                .body("items.findAll { it.fingerprint == '" + fingerprint + "' }", hasSize(1));
    }
}
