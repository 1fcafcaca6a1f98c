package ai.sutazai.agent.task;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The wait between attempts: base doubling per attempt, capped, spread by ±10 %. */
class BackoffTest {

    private static Backoff with(double random) {
        return new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10), 0.1, () -> random);
    }

    @Test
    void theWaitDoublesWithEachAttemptUpToTheCap() {
        Backoff middle = with(0.5);
        assertThat(middle.after(1), is(Duration.ofSeconds(2)));
        assertThat(middle.after(2), is(Duration.ofSeconds(4)));
        assertThat(middle.after(5), is(Duration.ofSeconds(32)));
        assertThat(middle.after(9), is(Duration.ofSeconds(512)));
        assertThat(middle.after(10), is(Duration.ofMinutes(10)));
        assertThat(middle.after(1000), is(Duration.ofMinutes(10)));
    }

    @Test
    void jitterSpreadsTheWaitByAtMostATenth() {
        assertThat(with(0.0).after(3), is(Duration.ofMillis(7200)));
        assertThat(with(1.0).after(3), is(Duration.ofMillis(8800)));
        assertThat(with(0.0).after(20), is(Duration.ofSeconds(540)));
    }
}
