package ai.sutazai.agent.readiness;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import ai.sutazai.commons.testing.DependencyOutageResource;
import ai.sutazai.commons.testing.InjectForwarder;
import ai.sutazai.commons.testing.TcpForwarder;

/**
 * The service starts with PostgreSQL and Redis unreachable, and follows them as they come and go,
 * without a restart: PostgreSQL decides readiness, Redis only degrades it.
 */
@QuarkusTest
@TestProfile(DependencyOutageTest.DependenciesDown.class)
class DependencyOutageTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    /** Starts the service with both dependencies on ports where nothing listens yet. */
    public static class DependenciesDown implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DependencyOutageResource.class));
        }
    }

    @InjectForwarder("postgres")
    TcpForwarder postgres;

    @InjectForwarder("redis")
    TcpForwarder redis;

    @Test
    void followsPostgresAndRedisAsTheyComeAndGo() {
        // Started with nothing reachable: alive, not ready, Redis merely degraded.
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'database' }.status", is("DOWN"))
                .body("checks.find { it.name == 'database' }.data.postgres", is("down"))
                .body("checks.find { it.name == 'database' }.data.migrations", is("pending"))
                .body("checks.find { it.name == 'redis' }.status", is("UP"))
                .body("checks.find { it.name == 'redis' }.data.redis", is("degraded"));

        postgres.open();
        await().atMost(WITHIN).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'database' }.data.migrations", is("done"))
                .body("checks.find { it.name == 'redis' }.data.redis", is("degraded")));

        postgres.close();
        await().atMost(WITHIN).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'database' }.data.postgres", is("down")));
        given().get("/q/health/live").then().statusCode(200);

        postgres.open();
        redis.open();
        await().atMost(WITHIN).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'database' }.data.postgres", is("up"))
                .body("checks.find { it.name == 'redis' }.data.redis", is("up")));
    }
}
