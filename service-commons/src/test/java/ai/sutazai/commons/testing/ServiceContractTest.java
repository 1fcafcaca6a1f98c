package ai.sutazai.commons.testing;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * What every service promises, whatever its domain: health endpoints, metrics, OpenAPI, JWT on
 * /api/v1/** with 401 before 404, problem+json errors and request ids. Each service runs it with
 * a {@code @QuarkusTest} subclass against real PostgreSQL and Redis.
 */
public abstract class ServiceContractTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** The schema this service migrates, or empty for a service without a database. */
    protected abstract Optional<String> ownSchema();

    // The highest V<n>__ migration the service ships: readiness must report that all have run.
    private static String latestMigration() {
        try (var files = Files.list(Path.of(ServiceContractTest.class.getClassLoader()
                .getResource("db/migration").toURI()))) {
            return String.valueOf(files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*"))
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__")))).max().orElseThrow());
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list db/migration", e);
        }
    }

    @Test
    void livenessAndStartupAreUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void readinessReportsItsRealDependencies() {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        var ready = given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        ownSchema().ifPresentOrElse(schema -> ready
                .body("checks.find { it.name == 'database' }.status", is("UP"))
                .body("checks.find { it.name == 'database' }.data.postgres", is("up"))
                .body("checks.find { it.name == 'database' }.data.migrations", is("done"))
                .body("checks.find { it.name == 'database' }.data.schema", is(schema))
                .body("checks.find { it.name == 'database' }.data.schemaVersion", is(latestMigration()))
                .body("checks.find { it.name == 'redis' }.data.redis", is("up")),
                () -> ready.body("checks.find { it.name == 'database' }", is((Object) null)));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("http_server_requests_seconds_count"));
    }

    @Test
    void openApiAndSwaggerUiAreServed() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi:"));
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger-ui"));
    }

    @Test
    void apiWithoutTokenIsUnauthorizedEvenWhereNothingIsServed() {
        assertProblem(given().get("/api/v1/no-such-thing").then(), 401, "unauthorized")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("instance", is("/api/v1/no-such-thing"));
    }

    @Test
    void apiWithBrokenOrForgedTokenIsUnauthorized() {
        Map<String, String> tokens = Map.of(
                "alg none", TestTokens.unsigned(),
                "signed with an unknown secret", TestTokens.forged(),
                "expired", TestTokens.expired(),
                "not yet valid", TestTokens.notYetValid(),
                "wrong issuer", TestTokens.fromIssuer("someone-else"),
                "payload tampered after signing", TestTokens.tampered(),
                "garbage", "not-a-jwt");
        tokens.forEach((kind, token) -> assertProblem(
                given().auth().oauth2(token).get("/api/v1/no-such-thing").then(), 401, "unauthorized")
                .body("instance", is("/api/v1/no-such-thing")));
    }

    @Test
    void tokenSignedWithThePreviousSecretIsStillAccepted() {
        // 404 rather than 401: the token passed authentication and only the path is unknown.
        assertProblem(given().auth().oauth2(TestTokens.signedWithPreviousSecret()).get("/api/v1/no-such-thing").then(),
                404, "not-found");
    }

    @Test
    void unknownApiPathWithValidTokenIsNotFound() {
        assertProblem(given().auth().oauth2(TestTokens.user()).get("/api/v1/no-such-thing").then(), 404, "not-found")
                .body("instance", is("/api/v1/no-such-thing"));
    }

    @Test
    void unknownPathOutsideTheApiIsNotFound() {
        assertProblem(given().get("/no-such-page").then(), 404, "not-found");
    }

    @Test
    void requestIdIsEchoedOrGenerated() {
        given().header("X-Request-Id", "trace-me-42").get("/q/health/live").then()
                .header("X-Request-Id", is("trace-me-42"));
        given().get("/q/health/live").then().header("X-Request-Id", matchesPattern(UUID_PATTERN));
        // An id that could forge log lines is replaced, not echoed.
        given().header("X-Request-Id", "evil id; level=ERROR").get("/q/health/live").then()
                .header("X-Request-Id", matchesPattern(UUID_PATTERN));
        given().header("X-Request-Id", "err-7").get("/api/v1/no-such-thing").then()
                .header("X-Request-Id", is("err-7")).body("requestId", is("err-7"));
    }
}
