package ai.sutazai.health.monitor;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ai.sutazai.health.probe.HealthStatus;
import ai.sutazai.health.probe.ProbeOutcome;

/** The state machine on synthetic timelines: first verdict at once, then thresholds, dependencies naming the cause. */
class ComponentStateTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aFlappingTargetNeverCrossesEitherThreshold() {
        ComponentState state = new ComponentState(2, 2);
        for (int i = 0; i < 20; i++) {
            assertThat(record(state, i, i % 2 == 1).status(), is(HealthStatus.UP));
        }
    }

    @Test
    void failuresInARowTakeItDownSinceTheFirstAndSuccessesInARowBringItBack() {
        ComponentState state = new ComponentState(3, 2);
        record(state, 0, false);
        record(state, 1, true);
        assertThat(record(state, 2, true).status(), is(HealthStatus.UP));
        ComponentState.Snapshot down = record(state, 3, true);
        assertThat(down.status(), is(HealthStatus.DOWN));
        assertThat(down.since(), is(at(1)));
        assertThat(down.sinceNanos(), is(1_000_000_000L));
        assertThat(down.cause(), is("refused at 1"));
        assertThat(record(state, 4, false).status(), is(HealthStatus.DOWN));
        ComponentState.Snapshot up = record(state, 5, false);
        assertThat(up.status(), is(HealthStatus.UP));
        assertThat(up.since(), is(at(4)));
        assertThat(up.cause(), is((Object) null));
    }

    @Test
    void theFirstCheckDecidesAtOnce() {
        assertThat(record(new ComponentState(5, 5), 0, true).status(), is(HealthStatus.DOWN));
        assertThat(new ComponentState(5, 5).snapshot().status(), is(HealthStatus.UNKNOWN));
    }

    @Test
    void aDownDependencyMakesItDegradedWithTheDependencyNamed() {
        ComponentState state = new ComponentState(2, 2);
        record(state, 0, false);
        ComponentState.Snapshot degraded = state.record(ProbeOutcome.down("refused"), at(1), 1_000_000_000L,
                Optional.of("postgres"));
        assertThat(degraded.status(), is(HealthStatus.DEGRADED));
        assertThat(degraded.cause(), is("depends on postgres, which is down"));
        assertThat(degraded.rootCause(), is("postgres"));
        assertThat(degraded.since(), is(at(1)));
    }

    private static ComponentState.Snapshot record(ComponentState state, int second, boolean fails) {
        ProbeOutcome outcome = fails ? ProbeOutcome.down("refused at " + second) : ProbeOutcome.up(Map.of());
        return state.record(outcome, at(second), second * 1_000_000_000L, Optional.empty());
    }

    private static Instant at(int second) {
        return T0.plusSeconds(second);
    }
}
