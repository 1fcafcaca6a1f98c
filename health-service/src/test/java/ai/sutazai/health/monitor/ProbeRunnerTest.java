package ai.sutazai.health.monitor;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import ai.sutazai.health.probe.HealthStatus;
import ai.sutazai.health.probe.Probe;
import ai.sutazai.health.probe.ProbeDefinition;
import ai.sutazai.health.probe.ProbeOutcome;
import ai.sutazai.health.probe.ProbeTarget;
import ai.sutazai.health.probe.ProbeType;

/** Runners sharing slots with probes that misbehave: whatever a check does, its slot comes back. */
class ProbeRunnerTest {

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, ProbeOutcome> last = new ConcurrentHashMap<>();
    private final List<ProbeRunner> runners = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        runners.forEach(ProbeRunner::stop);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aProbeWhoseCheckThrowsKeepsBeingCheckedAndLeavesTheSlotToOthers() {
        // One slot for both: a check that kept it would stop all probing.
        CheckSlots slots = new CheckSlots(1);
        ProbeRunner throwing = start("throwing", slots, () -> {
            throw new IllegalStateException("the driver broke");
        });
        ProbeRunner healthy = start("healthy", slots, () -> Uni.createFrom().item(ProbeOutcome.up(Map.of())));

        await().atMost(Duration.ofSeconds(10)).until(() -> throwing.checks() >= 5 && healthy.checks() >= 5);
        assertThat(last.get("throwing").status(), is(HealthStatus.DOWN));
        assertThat(last.get("throwing").error(), is("the driver broke"));
        assertThat(last.get("healthy").status(), is(HealthStatus.UP));
        assertThat(slots.waiting(), is(0));
    }

    private ProbeRunner start(String name, CheckSlots slots, Supplier<Uni<ProbeOutcome>> check) {
        ProbeDefinition definition = new ProbeDefinition(name, ProbeType.TCP, null, Duration.ofMillis(50),
                Duration.ofMillis(40), false, List.of(), 1, 1, new ProbeTarget.Host("127.0.0.1", 1, null, null, null,
                        null));
        ProbeRunner runner = new ProbeRunner(definition, probe(check), vertx.getOrCreateContext(), Clock.systemUTC(), slots,
                sink());
        runners.add(runner);
        runner.start(Duration.ZERO);
        return runner;
    }

    private ProbeRunner.Sink sink() {
        return new ProbeRunner.Sink() {
            @Override
            public void started(ProbeRunner runner, long lagNanos) {
                // Lag is not what these tests look at.
            }

            @Override
            public void checked(ProbeRunner runner, ProbeOutcome outcome, Instant at, long startNanos) {
                last.put(runner.definition().name(), outcome);
            }
        };
    }

    private static Probe probe(Supplier<Uni<ProbeOutcome>> check) {
        return new Probe() {
            @Override
            public Uni<ProbeOutcome> check() {
                return check.get();
            }

            @Override
            public void close() {
                // Holds nothing.
            }
        };
    }
}
