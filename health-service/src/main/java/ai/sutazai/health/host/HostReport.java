package ai.sutazai.health.host;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/hardware}: the host's figures. A figure that could not be read is null, and
 * {@code unavailable} names it with the reason.
 */
public record HostReport(Cpu cpu, LoadAverage loadAverage, Memory memory, Swap swap, List<Disk> disks,
        Double uptimeSeconds, JvmHeap jvmHeap, ContainerLimits container, Map<String, String> unavailable) {

    /**
     * CPUs this service may use ({@code count}), CPUs the host has online ({@code hostCount}), and the
     * share of time over the last sampling interval that the host's CPUs and this JVM were busy.
     */
    public record Cpu(int count, Integer hostCount, Double usagePercent, Double processUsagePercent,
            Double intervalSeconds, Instant measuredAt) {
    }

    /** Runnable and waiting threads, averaged over 1, 5 and 15 minutes. */
    public record LoadAverage(double oneMinute, double fiveMinutes, double fifteenMinutes) {
    }

    /** {@code usedBytes} is what is not available to new work: total minus available (page cache counts as available). */
    public record Memory(long totalBytes, long availableBytes, long usedBytes) {
    }

    /** Swap space and how much of it is in use. */
    public record Swap(long totalBytes, long freeBytes, long usedBytes) {
    }

    /** One file system; {@code usedPercent} counts as df does, space reserved for root being neither used nor available. */
    public record Disk(String path, String device, String type, long totalBytes, long usedBytes, long availableBytes,
            double usedPercent) {
    }

    /** This JVM's heap; {@code maxBytes} is null when the heap has no limit. */
    public record JvmHeap(long usedBytes, long committedBytes, Long maxBytes) {
    }

    /** Limits the cgroup puts on this service: CPUs (quota over period) and memory; null where unlimited. */
    public record ContainerLimits(int cgroupVersion, Double cpuLimit, Long memoryLimitBytes, Long memoryUsedBytes) {
    }
}
