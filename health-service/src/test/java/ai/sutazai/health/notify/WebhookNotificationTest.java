package ai.sutazai.health.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

import ai.sutazai.commons.testing.InjectWireMock;
import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.health.alert.Notifications;

/**
 * With NOTIFY_WEBHOOK_URL set, a critical component going down and coming back, and a new firing
 * alert, are each posted once to the receiver, retried while it answers 503.
 */
@QuarkusTest
@TestProfile(WebhookNotificationTest.WebhookSet.class)
class WebhookNotificationTest {

    /** The receiver and the probes of {@link WebhookReceiver}, and only them. */
    public static class WebhookSet implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WebhookReceiver.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @InjectWireMock(WebhookReceiver.NAME)
    WireMockServer receiver;

    @Inject
    Pool pool;

    @BeforeEach
    void migrated() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200));
    }

    @AfterEach
    void cleanUp() {
        Notifications.forgetPosted(pool);
        pool.query("DELETE FROM health.incidents WHERE probe LIKE 'notify-%'").execute()
                .await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void aCriticalComponentGoingDownAndBackIsPostedOnceEachWay() {
        // From a component known up: a first check slowed by start-up may have taken it down once already.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.user())
                .get("/api/v1/system/status").then()
                .body("components.find { it.name == '" + WebhookReceiver.SWITCHED + "' }.status", is("up")));
        receiver.resetRequests();
        WebhookReceiver.switchTo(receiver, 500);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(posted("incident.opened"), hasSize(1)));
        JsonPath opened = posted("incident.opened").get(0);
        assertThat(opened.getString("component"), is(WebhookReceiver.SWITCHED));
        assertThat(opened.getString("incidentId"), notNullValue());
        assertThat(opened.getString("at"), is(opened.getString("startedAt")));

        WebhookReceiver.switchTo(receiver, 200);
        String incidentId = opened.getString("incidentId");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(closed(incidentId), hasSize(1)));
        JsonPath closed = closed(incidentId).get(0);
        assertThat(closed.getString("resolution"), is("recovered"));
        assertThat(closed.get("durationMs"), notNullValue());

        // Later checks, up or down, send nothing more; the non-critical component down all along never did.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            assertThat(posted("incident.opened"), hasSize(1));
            assertThat(closed(incidentId), hasSize(1));
        });
    }

    @Test
    void aNewFiringAlertIsPostedOnceAndItsReplayNotAgain() {
        String fingerprint = Notifications.fingerprint();
        String firing = Notifications.firing(fingerprint, WebhookReceiver.SWITCHED);
        Notifications.post(firing).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(postedAbout(fingerprint), hasSize(1)));
        JsonPath alert = postedAbout(fingerprint).get(0);
        assertThat(alert.getString("kind"), is("alert.firing"));
        assertThat(alert.getString("alertname"), is("ProbeFailure"));
        assertThat(alert.getString("labels.component"), is(WebhookReceiver.SWITCHED));

        // Alertmanager repeats a firing alert every repeat_interval: the same alert, nothing new to tell.
        Notifications.post(firing).then().statusCode(200);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(postedAbout(fingerprint), hasSize(1)));
    }

    @Test
    void aReceiverAnswering503IsRetriedUntilItTakesTheNotificationOnce() {
        String fingerprint = Notifications.fingerprint();
        receiver.stubFor(post(urlEqualTo(WebhookReceiver.HOOK)).atPriority(1).withRequestBody(containing(fingerprint))
                .inScenario(fingerprint).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("once")
                .willReturn(aResponse().withStatus(503)));
        receiver.stubFor(post(urlEqualTo(WebhookReceiver.HOOK)).atPriority(1).withRequestBody(containing(fingerprint))
                .inScenario(fingerprint).whenScenarioStateIs("once").willSetStateTo("twice")
                .willReturn(aResponse().withStatus(503)));
        receiver.stubFor(post(urlEqualTo(WebhookReceiver.HOOK)).atPriority(1).withRequestBody(containing(fingerprint))
                .inScenario(fingerprint).whenScenarioStateIs("twice").willReturn(aResponse().withStatus(200)));

        Notifications.post(Notifications.firing(fingerprint, WebhookReceiver.SWITCHED)).then().statusCode(200);
        // Two refusals, then the attempt it took; no attempt after that.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(postedAbout(fingerprint), hasSize(3)));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(postedAbout(fingerprint), hasSize(3)));
        given().get("/q/metrics").then().body(containsString(
                "health_notifications_sent_total{kind=\"alert.firing\"}"));
    }

    private List<JsonPath> posted(String kind) {
        return received().stream().filter(json -> kind.equals(json.getString("kind"))).toList();
    }

    private List<JsonPath> closed(String incidentId) {
        return posted("incident.closed").stream().filter(json -> incidentId.equals(json.getString("incidentId")))
                .toList();
    }

    private List<JsonPath> postedAbout(String fingerprint) {
        return received().stream().filter(json -> fingerprint.equals(json.getString("fingerprint"))).toList();
    }

    private List<JsonPath> received() {
        return receiver.findAll(postRequestedFor(urlEqualTo(WebhookReceiver.HOOK))).stream()
                .map(request -> new JsonPath(request.getBodyAsString())).toList();
    }
}
