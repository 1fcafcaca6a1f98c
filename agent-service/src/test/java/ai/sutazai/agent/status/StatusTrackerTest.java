package ai.sutazai.agent.status;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import ai.sutazai.agent.registry.LiveStatus.State;

/** The live-status state machine with failure threshold 3 and recovery threshold 2, as configured by default. */
class StatusTrackerTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private final StatusTracker tracker = new StatusTracker(3, 2);

    @Test
    void aNewAgentIsUnknownUntilItsFirstCheckAndHealthyOnItsFirstPass() {
        assertThat(tracker.status().state(), is(State.UNKNOWN));
        assertThat(tracker.passed(4, NOW).state(), is(State.HEALTHY));
    }

    @Test
    void oneFailureDegradesAHealthyAgentAndThreeInARowMakeItDown() {
        tracker.passed(3, NOW);
        assertThat(tracker.failed(5000, NOW, "timed out").state(), is(State.DEGRADED));
        assertThat(tracker.failed(5000, NOW, "timed out").state(), is(State.DEGRADED));
        var down = tracker.failed(5000, NOW, "refused");
        assertThat(down.state(), is(State.DOWN));
        assertThat(down.lastError(), is("refused"));
        assertThat(down.latencyMs(), is(5000L));
    }

    @Test
    void anAgentThatNeverAnsweredGoesFromUnknownStraightToDown() {
        assertThat(tracker.failed(1, NOW, "refused").state(), is(State.UNKNOWN));
        assertThat(tracker.failed(1, NOW, "refused").state(), is(State.UNKNOWN));
        assertThat(tracker.failed(1, NOW, "refused").state(), is(State.DOWN));
    }

    @Test
    void aDownAgentNeedsTwoPassesInARowToBeHealthyAgain() {
        for (int i = 0; i < 3; i++) {
            tracker.failed(1, NOW, "refused");
        }
        var recovering = tracker.passed(2, NOW);
        assertThat(recovering.state(), is(State.DEGRADED));
        assertThat(recovering.lastError(), is((String) null));
        assertThat(tracker.passed(2, NOW).state(), is(State.HEALTHY));
    }

    @Test
    void aFlappingTargetSettlesInDegradedInsteadOfTogglingBetweenHealthyAndDown() {
        tracker.passed(2, NOW);
        List<State> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            seen.add(tracker.failed(1, NOW, "slow").state());
            seen.add(tracker.passed(1, NOW).state());
        }
        assertThat(seen.stream().distinct().toList(), is(List.of(State.DEGRADED)));
        assertThat(tracker.status().state(), not(State.DOWN));
    }
}
