package ai.sutazai.health.monitor;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.health.ProbeTargets;
import ai.sutazai.health.probe.HealthStatus;

/**
 * The scheduler against the base probes: checks run concurrently, a target that never answers
 * costs its own timeout and delays nobody else and is timed from its start, thresholds damp a
 * flapping target, and a component whose dependency is down is degraded with the dependency named.
 */
@QuarkusTest
class ProbeSchedulingTest {

    @Inject
    ProbeMonitor monitor;

    ProbeTargets targets;

    @Test
    void aTargetThatNeverAnswersDelaysNoOtherProbe() {
        // blackhole: every check hangs until its 2 s timeout, one every 3 s. fast: a check every 0.2 s.
        // Measured from the end of one blackhole check to the end of the next: a full cycle.
        long first = checks("blackhole");
        await().atMost(Duration.ofSeconds(20)).until(() -> checks("blackhole") > first);
        long blackholeChecks = checks("blackhole");
        long fastBefore = checks("fast");
        long webBefore = checks("web");
        await().atMost(Duration.ofSeconds(20)).until(() -> checks("blackhole") > blackholeChecks);
        // While a blackhole check waited out its timeout (2 s), the others kept their own pace (15 and 6 expected).
        assertThat(checks("fast") - fastBefore, greaterThanOrEqualTo(5L));
        assertThat(checks("web") - webBefore, greaterThanOrEqualTo(2L));
        ProbeMonitor.Component blackhole = monitor.require("blackhole");
        assertThat(blackhole.state().last().error(), is("no answer within PT2S"));
        assertThat(blackhole.state().last().latencyMs(), greaterThanOrEqualTo(1900L));
        assertThat(monitor.require("fast").state().last().latencyMs(), lessThan(1000L));
        assertThat(monitor.require("fast").state().status(), is(HealthStatus.UP));
    }

    @Test
    void aCheckIsTimedFromItsStartNotItsEnd() {
        // Every blackhole check waits out its 2 s timeout: it is shown and stored at its start, 2 s before it ended.
        Instant previous = monitor.require("blackhole").state().lastAt();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Instant last = monitor.require("blackhole").state().lastAt();
            return last != null && !last.equals(previous);
        });
        Instant seen = Instant.now();
        ProbeMonitor.Component blackhole = monitor.require("blackhole");
        Instant at = blackhole.state().lastAt();
        assertThat(blackhole.state().last().latencyMs(), greaterThanOrEqualTo(1900L));
        assertThat(Duration.between(at, seen).toMillis(), greaterThanOrEqualTo(1900L));
        given().auth().oauth2(TestTokens.user()).get("/api/v1/system/probes/blackhole").then().statusCode(200)
                .body("lastCheckedAt", is(at.toString()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(TestTokens.user("admin"))
                .get("/api/v1/system/probes/blackhole/history?limit=5").then().statusCode(200)
                .body("items.time", hasItem(at.toString())));
    }

    @Test
    void thresholdsKeepAFlappingTargetFromTogglingItsState() {
        // flapping answers 200 and 500 in turn; two checks in a row must agree before its state changes.
        long before = checks("flapping");
        await().atMost(Duration.ofSeconds(20)).until(() -> checks("flapping") >= before + 10);
        given().auth().oauth2(TestTokens.user()).get("/api/v1/system/probes/flapping").then().statusCode(200)
                .body("failureThreshold", is(2))
                .body("recoveryThreshold", is(2));
        // The target flipped at least ten times; its state changed at most once (a timed-out check on a
        // loaded machine can pair with a 500 and take it down, and alternation never brings it back).
        String changes = given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("probe_state_changes_total{probe=\"flapping\""))
                .findFirst().orElseThrow();
        assertThat(Double.parseDouble(changes.substring(changes.lastIndexOf(' ') + 1)), lessThanOrEqualTo(1.0));
    }

    @Test
    void aComponentWhoseDependencyIsDownIsDegradedWithTheCauseNamed() {
        targets.switchUp(false);
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestTokens.user())
                    .get("/api/v1/system/status").then()
                    .body("components.find { it.name == 'switch' }.status", is("down"))
                    .body("components.find { it.name == 'app' }.status", is("degraded"))
                    .body("components.find { it.name == 'app' }.cause", is("depends on switch, which is down")));
        } finally {
            targets.switchUp(true);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/system/status").then()
                .body("components.find { it.name == 'app' }.status", is("up")));
    }

    private long checks(String probe) {
        return monitor.require(probe).checks();
    }
}
