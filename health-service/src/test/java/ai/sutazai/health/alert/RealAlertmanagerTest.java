package ai.sutazai.health.alert;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.commons.testing.TestTokens;

/**
 * End to end with the real thing: a rule fires in Prometheus, Alertmanager delivers it with its
 * bearer token, the alert is listed as firing and shown with its component; when the metric drops,
 * Alertmanager's resolved notification closes it.
 */
@QuarkusTest
class RealAlertmanagerTest {

    private static final Duration DELIVERED_WITHIN = Duration.ofSeconds(60);
    private static final String USER = TestTokens.user();
    // Labels the alert of this run alone carries.
    private final String run = UUID.randomUUID().toString();

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Inject
    Pool pool;

    @AfterEach
    void cleanUp() {
        pool.preparedQuery("DELETE FROM health.alerts WHERE labels->>'run' = $1").execute(Tuple.of(run))
                .await().atMost(Duration.ofSeconds(5));
        pool.preparedQuery("DELETE FROM health.alert_notifications WHERE payload->'commonLabels'->>'run' = $1")
                .execute(Tuple.of(run)).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void aRuleFiringInPrometheusArrivesThroughAlertmanagerAndItsResolutionClosesIt() throws Exception {
        String webhook = "http://127.0.0.1:" + port + "/api/v1/alerts/webhook";
        try (AlertingStack stack = new AlertingStack(webhook, Notifications.TOKEN,
                "severity: warning, component: fast, run: " + run)) {
            String mine = "items.findAll { it.labels.run == '" + run + "' }";
            stack.metric(1);
            await().atMost(DELIVERED_WITHIN).untilAsserted(() -> given().auth().oauth2(USER)
                    .get("/api/v1/alerts?status=firing&limit=500").then().statusCode(200)
                    .body(mine, hasSize(1))
                    .body(mine + "[0].labels.alertname", is(AlertingStack.ALERT))
                    .body(mine + "[0].receiver", is("health-service"))
                    .body(mine + "[0].generatorURL", notNullValue()));
            String id = given().auth().oauth2(USER).get("/api/v1/alerts?status=firing&limit=500").then()
                    .extract().path(mine + "[0].id");
            given().auth().oauth2(USER).get("/api/v1/system/status").then()
                    .body("components.find { it.name == 'fast' }.firingAlerts.find { it.id == '" + id + "' }.summary",
                            is("test_alert_metric is above 0"));

            stack.metric(0);
            await().atMost(DELIVERED_WITHIN).untilAsserted(() -> given().auth().oauth2(USER)
                    .get("/api/v1/alerts/" + id).then().statusCode(200)
                    .body("status", is("resolved")).body("endsAt", notNullValue()));
            given().auth().oauth2(USER).get("/api/v1/alerts?status=firing&limit=500").then().body(mine, hasSize(0));
        }
    }
}
