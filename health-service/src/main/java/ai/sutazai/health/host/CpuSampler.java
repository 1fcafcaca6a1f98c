package ai.sutazai.health.host;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.sun.management.OperatingSystemMXBean;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Measures CPU usage over fixed intervals on a timer thread of its own, so that a request reads the
 * last interval's figure and never waits for one to pass.
 */
@ApplicationScoped
public class CpuSampler {

    /** Usage over the interval that ended at {@code measuredAt}; {@code processPercent} is null where the JDK cannot tell. */
    record CpuUsage(double hostPercent, Double processPercent, double intervalSeconds, Instant measuredAt) {
    }

    /** The last measurement, or why there is none. */
    record Latest(CpuUsage usage, String unavailable) {
    }

    private final ProcReader reader;
    private final Duration interval;
    private final OperatingSystemMXBean os;
    private final AtomicReference<Latest> latest;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "host-cpu-sampler");
        thread.setDaemon(true);
        return thread;
    });
    // Touched by the timer thread only.
    private CpuTimes previousTimes;
    private long previousProcessNanos;
    private long previousWallNanos;

    @Inject
    public CpuSampler(ProcReader reader, HostConfig config) {
        this(reader, config.cpuSampleInterval());
    }

    CpuSampler(ProcReader reader, Duration interval) {
        this.reader = reader;
        this.interval = interval;
        this.os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        this.latest = new AtomicReference<>(new Latest(null, "measured over " + interval + " from start-up; "
                + "the first interval has not ended yet"));
    }

    void start(@Observes StartupEvent event) {
        timer.scheduleAtFixedRate(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    /** The last full interval's usage, or why there is none. */
    Latest latest() {
        return latest.get();
    }

    /** Takes one sample and, from the second on, sets the usage since the one before. */
    void sample() {
        long wallNanos = System.nanoTime();
        long processNanos = os.getProcessCpuTime();
        CpuTimes times;
        try {
            times = reader.cpuTimes();
        } catch (IOException unreadable) {
            latest.set(new Latest(null, ProcReader.reason(unreadable)));
            previousTimes = null;
            return;
        }
        // Ticks are 10 ms: an interval with none elapsed has nothing to say, so the last figure stays.
        if (previousTimes != null && times.total() > previousTimes.total()) {
            double seconds = (wallNanos - previousWallNanos) / 1e9;
            Double process = processNanos < 0 || previousProcessNanos < 0 ? null
                    : round(100.0 * (processNanos - previousProcessNanos)
                            / ((wallNanos - previousWallNanos) * (double) os.getAvailableProcessors()));
            latest.set(new Latest(new CpuUsage(round(times.busyPercentSince(previousTimes)), process, round(seconds),
                    Instant.now()), null));
        }
        previousTimes = times;
        previousProcessNanos = processNanos;
        previousWallNanos = wallNanos;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
