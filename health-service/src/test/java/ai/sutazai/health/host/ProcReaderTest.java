package ai.sutazai.health.host;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ai.sutazai.health.host.HostReport.ContainerLimits;
import ai.sutazai.health.host.HostReport.LoadAverage;
import ai.sutazai.health.host.HostReport.Memory;
import ai.sutazai.health.host.HostReport.Swap;

/** The proc and cgroup files, in the shapes the kernel writes them, give exact figures. */
class ProcReaderTest {

    private static final Path FIXTURES = Path.of("src/test/resources/host");
    private static final ProcReader PROC = reader("proc", "cgroup-v2-limited");

    @Test
    void memoryAndSwapAreInBytesAndUsedIsTotalMinusAvailable() throws IOException {
        assertThat(PROC.memory(), is(new Memory(16_318_480L * 1024, 9_843_120L * 1024,
                (16_318_480L - 9_843_120L) * 1024)));
        assertThat(PROC.swap(), is(new Swap(2_097_148L * 1024, 1_572_860L * 1024, 524_288L * 1024)));
    }

    @Test
    void cpuUsageIsTheBusyShareOfTheTicksBetweenTwoSamplesWithGuestTimeCountedOnce() throws IOException {
        // 2000 ticks pass, 500 idle or waiting for I/O; the 300 guest ticks are part of user already.
        CpuTimes later = reader("proc-later", "none").cpuTimes();
        assertThat(later.busyPercentSince(PROC.cpuTimes()), is(75.0));
        assertThat(PROC.hostCpuCount(), is(4));
    }

    @Test
    void loadAveragesAndUptimeAreReadAsWritten() throws IOException {
        assertThat(PROC.loadAverage(), is(new LoadAverage(0.52, 0.58, 0.59)));
        assertThat(PROC.uptimeSeconds(), is(350_735.47));
    }

    @Test
    void mountsSkipPseudoAndMemoryFileSystemsAndListEachDeviceOnceAtItsShortestPath() throws IOException {
        assertThat(PROC.mounts(), contains(new Mount("overlay", "/", "overlay"),
                new Mount("/dev/vda1", "/etc/hosts", "ext4"),
                new Mount("/dev/vdb", "/srv/model store", "xfs")));
    }

    @Test
    void cgroupV2LimitsAreCpusAndBytesAndMaxMeansUnlimited() throws IOException {
        assertThat(PROC.containerLimits(), is(Optional.of(new ContainerLimits(2, 1.5, 536_870_912L, 210_763_776L))));
        assertThat(reader("proc", "cgroup-v2-unlimited").containerLimits(), is(Optional.empty()));
    }

    @Test
    void cgroupV1LimitsAreReadAndItsUnlimitedSentinelsMeanNoLimit() throws IOException {
        assertThat(reader("proc", "cgroup-v1-limited").containerLimits(),
                is(Optional.of(new ContainerLimits(1, 0.5, 268_435_456L, 104_857_600L))));
        // quota -1 (in the cpu,cpuacct directory some distributions use) and a limit of LONG_MAX rounded to a page.
        assertThat(reader("proc", "cgroup-v1-unlimited").containerLimits(), is(Optional.empty()));
    }

    @Test
    void withoutCgroupsThereAreNoContainerLimits() throws IOException {
        assertThat(reader("proc", "none").containerLimits(), is(Optional.empty()));
    }

    private static ProcReader reader(String proc, String cgroup) {
        return new ProcReader(FIXTURES.resolve(proc), FIXTURES.resolve(cgroup));
    }
}
