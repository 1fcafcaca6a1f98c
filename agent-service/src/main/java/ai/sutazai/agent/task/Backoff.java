package ai.sutazai.agent.task;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When a failed attempt is tried again: {@code min(base * 2^(attempt - 1), cap)}, spread by a
 * jitter of ±{@code jitter} (a fraction) so tasks that failed together do not return together.
 */
public record Backoff(Duration base, Duration cap, double jitter, DoubleSupplier random) {

    /** The suite's policy with real randomness. */
    public static Backoff of(Duration base, Duration cap) {
        return new Backoff(base, cap, 0.1, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The wait before the attempt after {@code attempt} (1 for the first) failed. */
    public Duration after(int attempt) {
        double exponential = base.toMillis() * Math.pow(2, Math.min(attempt - 1, 40));
        double capped = Math.min(exponential, cap.toMillis());
        double spread = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.round(capped * spread));
    }
}
