package ai.sutazai.health.status;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.health.ProbeTargets;

/**
 * {@code GET /api/v1/system/status}: public summary, details with a token, the IETF format on
 * request, 503 while a critical component is down; and no secret in any answer or log line.
 */
@QuarkusTest
class StatusApiTest {

    private static final String ADMIN = TestTokens.user("admin");
    private static final String SECRET = "Pg-Secret-Never-Shown-31337";

    ProbeTargets targets;

    @Test
    void anonymousCallersGetNamesAndStatusesOnly() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/system/status").then()
                .statusCode(200)
                .body("components.find { it.name == 'web' }.status", is("up")));
        given().get("/api/v1/system/status").then().statusCode(200)
                .header("Cache-Control", containsString("no-store"))
                // closed and blackhole are down, but neither is critical.
                .body("status", is("degraded"))
                .body("components.find { it.name == 'closed' }.status", is("down"))
                .body("components.find { it.name == 'web' }.type", nullValue())
                .body("components.find { it.name == 'closed' }.lastError", nullValue())
                .body("storage", nullValue());
    }

    @Test
    void callersWithATokenGetTheDetails() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestTokens.user())
                .get("/api/v1/system/status").then().statusCode(200)
                .body("components.find { it.name == 'web' }.status", is("up"))
                .body("components.find { it.name == 'web' }.type", is("http"))
                .body("components.find { it.name == 'web' }.latencyMs", notNullValue())
                .body("components.find { it.name == 'web' }.since", notNullValue())
                .body("components.find { it.name == 'web' }.details.version", is("1.2.3"))
                .body("components.find { it.name == 'database' }.critical", is(true))
                .body("components.find { it.name == 'closed' }.lastError",
                        startsWith("cannot connect to 127.0.0.1:" + targets.closedPort()))
                .body("storage.database", is("up")));
    }

    @Test
    void theIetfHealthFormatIsServedWhenAskedFor() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().accept("application/health+json")
                .get("/api/v1/system/status").then().statusCode(200)
                .contentType(startsWith("application/health+json"))
                .body("status", is("warn"))
                .body("checks.'web:responseTime'[0].status", is("pass"))
                .body("checks.'closed:responseTime'[0].status", is("fail"))
                .body("checks.'web:responseTime'[0].observedValue", nullValue()));
        given().accept("application/health+json").auth().oauth2(TestTokens.user()).get("/api/v1/system/status").then()
                .statusCode(200)
                .body("checks.'web:responseTime'[0].observedUnit", is("ms"))
                .body("checks.'web:responseTime'[0].observedValue", notNullValue())
                .body("checks.'database:responseTime'[0].componentType", is("datastore"))
                .body("checks.'closed:responseTime'[0].output", startsWith("cannot connect to"));
    }

    @Test
    void aCriticalComponentDownMakesTheWholeDownWith503AndNoSecretIsShownOrLogged() throws IOException {
        targets.writeProbes(targets.baseProbes() + """
                  - name: vault-db
                    type: postgres
                    host: 127.0.0.1
                    user: sutazai_probe
                    password: %s
                    interval: PT0.5S
                    timeout: PT0.4S
                    failureThreshold: 1
                    critical: true
                """.formatted(SECRET));
        given().auth().oauth2(ADMIN).post("/api/v1/system/probes/reload").then().statusCode(200);
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/system/status").then()
                    .statusCode(503).body("status", is("down")));
            given().accept("application/health+json").get("/api/v1/system/status").then().statusCode(503)
                    .body("status", is("fail"));
            String details = given().auth().oauth2(ADMIN).get("/api/v1/system/status").then().statusCode(503)
                    .body("components.find { it.name == 'vault-db' }.lastError",
                            containsString("password authentication failed for user \"sutazai_probe\""))
                    .extract().asString();
            String probes = given().auth().oauth2(ADMIN).get("/api/v1/system/probes/vault-db").then().statusCode(200)
                    .body("target", is("127.0.0.1:5432/postgres as sutazai_probe")).extract().asString();
            assertThat(details, not(containsString(SECRET)));
            assertThat(probes, not(containsString(SECRET)));
            assertThat(Files.readString(Path.of("target/quarkus-test.log")), not(containsString(SECRET)));
        } finally {
            targets.restoreBaseProbes();
            given().auth().oauth2(ADMIN).post("/api/v1/system/probes/reload").then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/system/status").then()
                .statusCode(200));
    }
}
