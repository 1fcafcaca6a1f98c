package ai.sutazai.health.host;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Figures whose files are missing or garbled are null with the reason; the rest are still answered. */
class UnreadableHostTest {

    private static final Path FIXTURES = Path.of("src/test/resources/host");

    @TempDir
    Path dir;

    @Test
    void withoutProcEveryFigureReadFromItIsNullWithTheReasonAndTheJvmHeapIsStillThere() {
        Path proc = dir.resolve("proc");
        ProcReader reader = new ProcReader(proc, dir.resolve("cgroup"));
        CpuSampler sampler = new CpuSampler(reader, Duration.ofSeconds(5));
        sampler.sample();

        HostReport report = new HostService(reader, sampler).report();

        String missing = " does not exist (not Linux, or not mounted)";
        assertThat(report.memory(), nullValue());
        assertThat(report.swap(), nullValue());
        assertThat(report.loadAverage(), nullValue());
        assertThat(report.disks(), nullValue());
        assertThat(report.uptimeSeconds(), nullValue());
        assertThat(report.container(), nullValue());
        assertThat(report.cpu().usagePercent(), nullValue());
        assertThat(report.cpu().count(), is(Runtime.getRuntime().availableProcessors()));
        assertThat(report.jvmHeap().usedBytes(), greaterThan(0L));
        assertThat(report.unavailable(), hasEntry("memory", proc.resolve("meminfo") + missing));
        assertThat(report.unavailable(), hasEntry("cpu.usagePercent", proc.resolve("stat") + missing));
        assertThat(report.unavailable(), hasEntry("disks", proc.resolve("mounts") + missing));
        assertThat(report.unavailable(), hasEntry("uptimeSeconds", proc.resolve("uptime") + missing));
        assertThat(report.unavailable(), aMapWithSize(7));
    }

    @Test
    void aGarbledFileIsNamedAsSuchAndTheSamplerKeepsMeasuringOnceItIsWellFormedAgain() throws IOException {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Files.writeString(proc.resolve("stat"), "cpu  lots of ticks\n");
        ProcReader reader = new ProcReader(proc, dir.resolve("cgroup"));
        CpuSampler sampler = new CpuSampler(reader, Duration.ofSeconds(5));

        sampler.sample();
        assertThat(sampler.latest().unavailable(), is(proc.resolve("stat")
                + " is not in the expected format (java.lang.NumberFormatException: For input string: \"lots\")"));

        Files.copy(FIXTURES.resolve("proc/stat"), proc.resolve("stat"), StandardCopyOption.REPLACE_EXISTING);
        sampler.sample();
        Files.copy(FIXTURES.resolve("proc-later/stat"), proc.resolve("stat"), StandardCopyOption.REPLACE_EXISTING);
        sampler.sample();
        assertThat(sampler.latest().unavailable(), nullValue());
        assertThat(sampler.latest().usage().hostPercent(), is(75.0));
        assertThat(sampler.latest().usage().measuredAt(), notNullValue());
    }
}
