package ai.sutazai.health.page;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import ai.sutazai.commons.testing.DependencyOutageResource;
import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.health.ProbeTargets;

/**
 * With its own PostgreSQL away, health-service still serves the status page from memory: every
 * component with its state, a banner saying the history is unavailable, and "no data" bars, but
 * not the database's error.
 */
@QuarkusTest
@TestProfile(StatusPageStorageOutageTest.DatabaseDown.class)
class StatusPageStorageOutageTest {

    /** Starts the service with its PostgreSQL (and Redis) behind forwarders that stay closed. */
    public static class DatabaseDown implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DependencyOutageResource.class));
        }
    }

    @Test
    void thePageRendersWithABannerAndNoDataBarsWhileTheDatabaseIsDown() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestTokens.user())
                .get("/api/v1/system/status").then().statusCode(200)
                .body("storage.database", is("down"))
                .body("components.find { it.name == 'fast' }.status", is("up")));
        String storageError = given().auth().oauth2(TestTokens.user()).get("/api/v1/system/status").then()
                .extract().jsonPath().getString("storage.error");

        String html = given().get("/status").then().statusCode(200).extract().asString();

        assertThat(html, containsString("id=\"storage-down\""));
        assertThat(html, containsString("cannot reach its database"));
        for (String name : ProbeTargets.baseNames()) {
            assertThat(html, containsString("<span class=\"name\">" + name + "</span>"));
        }
        assertThat(html, containsString("<span class=\"name\">fast</span>\n    <span class=\"latency\">"));
        assertThat(StatusPageTest.occurrences(html, "<li class=\"cell none\" title=\""), is(StatusPageService.HOURS
                * ProbeTargets.baseNames().size()));
        assertThat(html, not(containsString("<li class=\"cell full\"")));
        if (storageError != null) {
            assertThat(html, not(containsString(storageError)));
        }
    }
}
