package ai.sutazai.health.incident;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import ai.sutazai.commons.testing.TestTokens;

/**
 * health-service starts while a component is still down from before, and while another is in a
 * maintenance window: the outage goes on as the earlier run's incident, and the window opens none.
 */
@QuarkusTest
@TestProfile(RestartTest.AfterRestart.class)
class RestartTest {

    private static final String USER = TestTokens.user();

    /** Only the two probes of {@link EarlierRun}, whose rows it writes before the service starts. */
    public static class AfterRestart implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EarlierRun.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void anOutageAcrossARestartStaysOneIncidentAndAWindowKnownBeforeStartOpensNone() {
        // Both are checked (and found down) at once, long before the earlier run's rows are read.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(USER)
                .get("/api/v1/system/incidents?state=open&probe=" + EarlierRun.DOWN_BEFORE).then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", is(EarlierRun.INCIDENT_ID))
                .body("items[0].startedAt", is(EarlierRun.OUTAGE_START.toString())));
        given().auth().oauth2(USER).get("/api/v1/system/status").then()
                .body("components.find { it.name == '" + EarlierRun.IN_MAINTENANCE + "' }.status", is("down"));
        // A few checks later still: nothing superseded the earlier incident, and the window held.
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            given().auth().oauth2(USER).get("/api/v1/system/incidents?state=all&probe=" + EarlierRun.DOWN_BEFORE)
                    .then().body("items", hasSize(1));
            given().auth().oauth2(USER).get("/api/v1/system/incidents?state=all&probe=" + EarlierRun.IN_MAINTENANCE)
                    .then().body("items", empty());
        });
    }
}
