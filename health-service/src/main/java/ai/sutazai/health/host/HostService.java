package ai.sutazai.health.host;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import ai.sutazai.health.host.CpuSampler.CpuUsage;
import ai.sutazai.health.host.HostReport.Cpu;
import ai.sutazai.health.host.HostReport.Disk;
import ai.sutazai.health.host.HostReport.JvmHeap;

/** Puts the host's figures together; each one that cannot be read is left out with its reason. */
@ApplicationScoped
public class HostService {

    private final ProcReader reader;
    private final CpuSampler sampler;

    public HostService(ProcReader reader, CpuSampler sampler) {
        this.reader = reader;
        this.sampler = sampler;
    }

    /** Reads the files afresh (a few small reads and one statfs per mount); CPU usage is the sampler's last interval. */
    public HostReport report() {
        Map<String, String> unavailable = new LinkedHashMap<>();
        return new HostReport(cpu(unavailable), figure("loadAverage", reader::loadAverage, unavailable),
                figure("memory", reader::memory, unavailable), figure("swap", reader::swap, unavailable),
                disks(unavailable), figure("uptimeSeconds", reader::uptimeSeconds, unavailable), jvmHeap(),
                figure("container", () -> reader.containerLimits().orElse(null), unavailable), unavailable);
    }

    private Cpu cpu(Map<String, String> unavailable) {
        CpuSampler.Latest latest = sampler.latest();
        CpuUsage usage = latest.usage();
        if (usage == null) {
            unavailable.put("cpu.usagePercent", latest.unavailable());
        }
        return new Cpu(Runtime.getRuntime().availableProcessors(),
                figure("cpu.hostCount", reader::hostCpuCount, unavailable),
                usage == null ? null : usage.hostPercent(), usage == null ? null : usage.processPercent(),
                usage == null ? null : usage.intervalSeconds(), usage == null ? null : usage.measuredAt());
    }

    private List<Disk> disks(Map<String, String> unavailable) {
        List<Mount> mounts = figure("disks", reader::mounts, unavailable);
        if (mounts == null) {
            return null;
        }
        List<Disk> disks = new ArrayList<>();
        for (Mount mount : mounts) {
            try {
                FileStore store = Files.getFileStore(Path.of(mount.path()));
                long total = store.getTotalSpace();
                long used = total - store.getUnallocatedSpace();
                long available = store.getUsableSpace();
                double percent = used + available == 0 ? 0 : Math.round(1000.0 * used / (used + available)) / 10.0;
                disks.add(new Disk(mount.path(), mount.device(), mount.type(), total, used, available, percent));
            } catch (IOException unreadable) {
                unavailable.put("disks " + mount.path(), ProcReader.reason(unreadable));
            }
        }
        return disks;
    }

    private static JvmHeap jvmHeap() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new JvmHeap(heap.getUsed(), heap.getCommitted(), heap.getMax() < 0 ? null : heap.getMax());
    }

    private static <T> T figure(String name, Read<T> read, Map<String, String> unavailable) {
        try {
            return read.get();
        } catch (IOException unreadable) {
            unavailable.put(name, ProcReader.reason(unreadable));
            return null;
        }
    }

    /** Reading one figure, which may fail for want of its file. */
    @FunctionalInterface
    private interface Read<T> {
        T get() throws IOException;
    }
}
