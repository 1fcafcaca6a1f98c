package ai.sutazai.health.probe;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Database and broker probes against servers that stop answering without closing the connection
 * (a network partition, a hung server): each check goes down at its timeout, leaves no connection
 * behind, and the probe is up again as soon as the server answers again.
 */
@QuarkusTest
class SilentServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @Inject
    ProbeFactory factory;

    private Probe probe;

    @AfterEach
    void closeProbe() {
        if (probe != null) {
            probe.close();
        }
    }

    @Test
    void postgresIsDownWhilePartitionedAndUpOnceThePartitionHeals() throws IOException {
        try (PartitionRelay relay = new PartitionRelay("127.0.0.1", 5432)) {
            probe = factory.create(definition("type: postgres\n  host: 127.0.0.1\n  port: " + relay.port()
                    + "\n  database: sutazai_test\n  user: sutazai_test\n  password: sutazai_test"));
            survivesAPartition(relay);
        }
    }

    @Test
    void redisIsDownWhilePartitionedAndUpOnceThePartitionHeals() throws IOException {
        try (PartitionRelay relay = new PartitionRelay("127.0.0.1", 6379)) {
            probe = factory.create(definition("type: redis\n  host: 127.0.0.1\n  port: " + relay.port()));
            survivesAPartition(relay);
        }
    }

    @Test
    void aBrokerThatFallsSilentAfterTheLoginFreesTheWorkerSoon() throws IOException {
        try (SilentBroker broker = new SilentBroker()) {
            probe = factory.create(definition("type: amqp\n  host: 127.0.0.1\n  port: " + broker.port()
                    + "\n  user: guest\n  password: guest"));
            long start = System.nanoTime();
            // Not cut off here: only the probe's own waits can end it, one for the channel, one for the goodbye.
            ProbeOutcome silent = probe.check().await().atMost(Duration.ofSeconds(15));
            assertThat(silent.status(), is(HealthStatus.DOWN));
            assertThat(silent.error(), is("logged in, but the broker opened no channel within " + TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis(), lessThan(TIMEOUT.toMillis() * 4));
            await().atMost(Duration.ofSeconds(2)).until(() -> broker.hangUps() == 1);
        }
    }

    private void survivesAPartition(PartitionRelay relay) {
        assertThat(checkAsTheRunnerDoes().status(), is(HealthStatus.UP));
        relay.cut();
        for (int i = 0; i < 3; i++) {
            // Every check on its own: not one queued behind a connection the partition holds.
            ProbeOutcome cut = checkAsTheRunnerDoes();
            assertThat(cut.status(), is(HealthStatus.DOWN));
            assertThat(cut.error(), is("no answer within " + TIMEOUT));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.open() == 0);
        relay.heal();
        assertThat(checkAsTheRunnerDoes().status(), is(HealthStatus.UP));
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.open() == 0);
    }

    // Bounded and cut off at the timeout, as ProbeRunner does.
    private ProbeOutcome checkAsTheRunnerDoes() {
        return probe.check().ifNoItem().after(TIMEOUT)
                .recoverWithItem(() -> ProbeOutcome.down("no answer within " + TIMEOUT))
                .await().atMost(TIMEOUT.multipliedBy(5));
    }

    private static ProbeDefinition definition(String entry) {
        return ProbesFile.parse("probes:\n- name: under-test\n  timeout: " + TIMEOUT + "\n  " + entry + "\n",
                name -> Optional.empty()).get(0);
    }
}
