package ai.sutazai.health.probe;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

import ai.sutazai.health.ProbeTargets;

/**
 * Each probe type against a real target, passing and failing as it should: the local PostgreSQL,
 * Redis and RabbitMQ, the tiny HTTP server, a socket that never answers, a closed port and a
 * self-signed TLS server. A wrong password fails clearly without the password in the message; an
 * HTTP answer too long to read, or cut off at the timeout, is hung up on.
 */
@QuarkusTest
class ProbeTypesTest {

    private static final String WRONG_PASSWORD = "Wr0ng-Secret-pa55word-42";
    private static final String REDIS_USER = "health-probe-test";
    private static final String REDIS_PASSWORD = "right-redis-password-7";

    @Inject
    ProbeFactory factory;

    @Inject
    ReactiveRedisDataSource redis;

    ProbeTargets targets;

    private Probe probe;

    @AfterEach
    void closeProbe() {
        if (probe != null) {
            probe.close();
        }
    }

    @Test
    void httpPassesOnAnExpectedStatusAndJsonFieldAndFailsOtherwise() {
        ProbeOutcome ok = check("type: http\n  url: " + targets.httpUrl() + "/ok\n  jsonField: database\n  jsonValue: ok");
        assertThat(ok.status(), is(HealthStatus.UP));
        assertThat(ok.details().get("statusCode"), is(200));

        ProbeOutcome wrongStatus = check("type: http\n  url: " + targets.httpUrl() + "/fail");
        assertThat(wrongStatus.status(), is(HealthStatus.DOWN));
        assertThat(wrongStatus.error(), is("GET " + targets.httpUrl() + "/fail answered 503, expected 2xx"));

        ProbeOutcome expected503 = check("type: http\n  url: " + targets.httpUrl() + "/fail\n  expectStatus: [503]");
        assertThat(expected503.status(), is(HealthStatus.UP));

        ProbeOutcome wrongField = check("type: http\n  url: " + targets.httpUrl() + "/fail\n  expectStatus: 503\n"
                + "  jsonField: status\n  jsonValue: ok");
        assertThat(wrongField.error(), containsString("answered JSON field status = \"failing\", expected \"ok\""));

        ProbeOutcome missingField = check("type: http\n  url: " + targets.httpUrl() + "/ok\n  jsonField: data.nope");
        assertThat(missingField.error(), containsString("answered without the JSON field data.nope"));
    }

    @Test
    void httpFailsWhenSlowerThanItsMaxResponseTime() {
        ProbeOutcome slow = check("type: http\n  url: " + targets.httpUrl() + "/slow\n  maxResponseTime: PT0.1S");
        assertThat(slow.status(), is(HealthStatus.DOWN));
        assertThat(slow.error(), allOf(containsString("answered in"), containsString("more than maxResponseTime PT0.1S")));
        assertThat(check("type: http\n  url: " + targets.httpUrl() + "/slow\n  maxResponseTime: PT5S").status(),
                is(HealthStatus.UP));
    }

    @Test
    void httpStopsReadingALongAnswerWithoutALengthAndHangsUp() {
        int hangUps = targets.hangUps();
        long start = System.nanoTime();
        ProbeOutcome huge = check("type: http\n  url: " + targets.httpUrl() + "/huge");
        assertThat(huge.status(), is(HealthStatus.DOWN));
        assertThat(huge.error(), is("GET " + targets.httpUrl() + "/huge failed: the answer runs over the "
                + HttpCalls.MAX_BODY_BYTES + " bytes a probe reads"));
        // Failed at the cap, not at the 3 s timeout; and it hung up rather than take the rest of the 32 MB.
        assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis(), lessThan(2000L));
        await().atMost(Duration.ofSeconds(5)).until(() -> targets.hangUps() > hangUps);
    }

    @Test
    void anHttpCheckCutOffAtItsTimeoutHangsUp() {
        // Cut off as the runner cuts a check at its timeout. A byte every 100 ms keeps the connection from
        // idling out, so only the cut can end it.
        int hangUps = targets.hangUps();
        probe = factory.create(definition("type: http\n  url: " + targets.httpUrl() + "/trickle"));
        ProbeOutcome cut = probe.check().ifNoItem().after(Duration.ofMillis(500))
                .recoverWithItem(ProbeOutcome.down("cut off")).await().atMost(Duration.ofSeconds(5));
        assertThat(cut.error(), is("cut off"));
        await().atMost(Duration.ofSeconds(2)).until(() -> targets.hangUps() > hangUps);
    }

    @Test
    void httpsReportsTheCertificateDaysLeftAndFailsBelowMinCertDays() {
        // Self-signed, valid for ten days: refused unless the probe is told not to verify it.
        ProbeOutcome untrusted = check("type: http\n  url: " + targets.httpsUrl() + "/");
        assertThat(untrusted.status(), is(HealthStatus.DOWN));

        ProbeOutcome enough = check("type: http\n  url: " + targets.httpsUrl() + "/\n  tlsInsecure: true\n"
                + "  minCertDays: 5");
        assertThat(enough.status(), is(HealthStatus.UP));
        assertThat(((Number) enough.details().get("certDaysLeft")).intValue(),
                allOf(greaterThanOrEqualTo(9), lessThanOrEqualTo(10)));

        ProbeOutcome tooFew = check("type: http\n  url: " + targets.httpsUrl() + "/\n  tlsInsecure: true\n"
                + "  minCertDays: 30");
        assertThat(tooFew.status(), is(HealthStatus.DOWN));
        assertThat(tooFew.error(), allOf(startsWith("the certificate expires in "), containsString("fewer than minCertDays 30")));
    }

    @Test
    void tcpPassesOnAnAcceptedConnectionAndFailsOnAClosedPort() {
        assertThat(check("type: tcp\n  host: 127.0.0.1\n  port: " + targets.httpPort()).status(), is(HealthStatus.UP));
        // Accepting is all a TCP probe asks, even of a server that never says a word.
        assertThat(check("type: tcp\n  host: 127.0.0.1\n  port: " + targets.blackholePort()).status(),
                is(HealthStatus.UP));
        ProbeOutcome closed = check("type: tcp\n  host: 127.0.0.1\n  port: " + targets.closedPort());
        assertThat(closed.status(), is(HealthStatus.DOWN));
        assertThat(closed.error(), startsWith("cannot connect to 127.0.0.1:" + targets.closedPort()));
    }

    @Test
    void postgresAnswersSelectOneWithItsVersionAndAWrongPasswordFailsWithoutShowingIt() {
        ProbeOutcome up = check("type: postgres\n  host: 127.0.0.1\n  database: sutazai_test\n  user: sutazai_test\n"
                + "  password: sutazai_test");
        assertThat(up.status(), is(HealthStatus.UP));
        assertThat(String.valueOf(up.details().get("version")), startsWith("15"));

        // sutazai_probe must give its password, even on the loopback PostgreSQL trusts (.ci/run sets that up).
        ProbeOutcome right = check("type: postgres\n  host: 127.0.0.1\n  user: sutazai_probe\n  password: sutazai_probe");
        assertThat(right.status(), is(HealthStatus.UP));
        ProbeOutcome wrong = check("type: postgres\n  host: 127.0.0.1\n  user: sutazai_probe\n  password: "
                + WRONG_PASSWORD);
        assertThat(wrong.status(), is(HealthStatus.DOWN));
        assertThat(wrong.error(), containsString("password authentication failed for user \"sutazai_probe\""));
        assertThat(wrong.error(), not(containsString(WRONG_PASSWORD)));

        ProbeOutcome closed = check("type: postgres\n  host: 127.0.0.1\n  port: " + targets.closedPort()
                + "\n  user: sutazai_test");
        assertThat(closed.status(), is(HealthStatus.DOWN));
        assertThat(closed.error(), containsString("Connection refused"));
    }

    @Test
    void redisAnswersPingWithItsRoleAndAWrongPasswordFailsWithoutShowingIt() {
        ProbeOutcome up = check("type: redis\n  host: 127.0.0.1");
        assertThat(up.status(), is(HealthStatus.UP));
        assertThat(up.details().get("role"), is("master"));

        // A user of its own with a password, made for this test: the local Redis has none.
        redis.execute("ACL", "SETUSER", REDIS_USER, "on", ">" + REDIS_PASSWORD, "+ping", "+role")
                .await().atMost(Duration.ofSeconds(5));
        try {
            assertThat(check("type: redis\n  host: 127.0.0.1\n  user: " + REDIS_USER + "\n  password: " + REDIS_PASSWORD)
                    .status(), is(HealthStatus.UP));
            ProbeOutcome wrong = check("type: redis\n  host: 127.0.0.1\n  user: " + REDIS_USER + "\n  password: "
                    + WRONG_PASSWORD);
            assertThat(wrong.status(), is(HealthStatus.DOWN));
            assertThat(wrong.error(), containsString("WRONGPASS"));
            assertThat(wrong.error(), not(containsString(WRONG_PASSWORD)));
        } finally {
            redis.execute("ACL", "DELUSER", REDIS_USER).await().atMost(Duration.ofSeconds(5));
        }

        assertThat(check("type: redis\n  host: 127.0.0.1\n  port: " + targets.closedPort()).status(),
                is(HealthStatus.DOWN));
    }

    @Test
    void amqpOpensAChannelOnRabbitMqAndAWrongPasswordFailsWithoutShowingIt() {
        ProbeOutcome up = check("type: amqp\n  host: 127.0.0.1\n  user: guest\n  password: guest");
        assertThat(up.status(), is(HealthStatus.UP));
        assertThat(String.valueOf(up.details().get("version")), not(is("null")));

        ProbeOutcome wrong = check("type: amqp\n  host: 127.0.0.1\n  user: guest\n  password: " + WRONG_PASSWORD);
        assertThat(wrong.status(), is(HealthStatus.DOWN));
        assertThat(wrong.error(), containsString("ACCESS_REFUSED"));
        assertThat(wrong.error(), not(containsString(WRONG_PASSWORD)));

        assertThat(check("type: amqp\n  host: 127.0.0.1\n  port: " + targets.closedPort()).status(),
                is(HealthStatus.DOWN));
    }

    @Test
    void consulPassesWhileALeaderIsElected() {
        String consul = "type: consul\n  host: 127.0.0.1\n  port: " + targets.httpPort();
        ProbeOutcome leader = check(consul);
        assertThat(leader.status(), is(HealthStatus.UP));
        assertThat(leader.details().get("leader"), is("127.0.0.1:8300"));
        targets.consulHasLeader(false);
        try {
            ProbeOutcome none = check(consul);
            assertThat(none.status(), is(HealthStatus.DOWN));
            assertThat(none.error(), startsWith("no leader is elected"));
        } finally {
            targets.consulHasLeader(true);
        }
    }

    @Test
    void serviceReadsTheSuitesReadinessChecks() {
        String service = "type: service\n  url: " + targets.httpUrl();
        try {
            assertThat(check(service).status(), is(HealthStatus.UP));
            targets.readiness("degraded");
            ProbeOutcome degraded = check(service);
            assertThat(degraded.status(), is(HealthStatus.DEGRADED));
            assertThat(degraded.error(), is("ready, but degraded: redis (redis: degraded)"));
            targets.readiness("not-ready");
            ProbeOutcome down = check(service);
            assertThat(down.status(), is(HealthStatus.DOWN));
            assertThat(down.error(), is("not ready (HTTP 503): database DOWN (postgres: down)"));
        } finally {
            targets.readiness("ready");
        }
    }

    @Test
    void aPresetChecksEachOfItsEndpoints() {
        // The double answers /ok for everything Ollama's preset asks: version, then the model list.
        ProbeDefinition ollama = definition("preset: ollama\n  url: " + targets.httpUrl());
        assertThat(((ProbeTarget.Http) ollama.target()).steps().stream().map(ProbeTarget.HttpStep::url).toList(),
                is(List.of(targets.httpUrl() + "/api/version", targets.httpUrl() + "/api/tags")));
        ProbeOutcome grafanaDown = check("preset: grafana\n  url: http://127.0.0.1:" + targets.closedPort());
        assertThat(grafanaDown.status(), is(HealthStatus.DOWN));
        assertThat(grafanaDown.error(), startsWith("GET http://127.0.0.1:" + targets.closedPort() + "/api/health failed"));
    }

    private ProbeOutcome check(String entry) {
        if (probe != null) {
            probe.close();
        }
        ProbeDefinition definition = definition(entry);
        probe = factory.create(definition);
        // Not redacted: what the drivers say must itself be free of secrets.
        return probe.check().await().atMost(Duration.ofSeconds(15));
    }

    private static ProbeDefinition definition(String entry) {
        return ProbesFile.parse("probes:\n- name: under-test\n  timeout: PT3S\n  " + entry + "\n",
                name -> Optional.ofNullable(System.getenv(name))).get(0);
    }
}
