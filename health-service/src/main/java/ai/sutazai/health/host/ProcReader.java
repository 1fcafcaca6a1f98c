package ai.sutazai.health.host;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import ai.sutazai.health.host.HostReport.ContainerLimits;
import ai.sutazai.health.host.HostReport.LoadAverage;
import ai.sutazai.health.host.HostReport.Memory;
import ai.sutazai.health.host.HostReport.Swap;

/**
 * Reads the host's figures from the proc and cgroup file systems. Both roots come from the
 * configuration, so tests read fixture files instead.
 */
@ApplicationScoped
public class ProcReader {

    /**
     * File systems that hold no data of their own: kernel interfaces (proc, sysfs, cgroup...), device
     * nodes (devtmpfs, devpts) and read-only images that are always full (squashfs of snaps). tmpfs and
     * ramfs are left out too: they live in memory, so their use already shows in the memory figures,
     * and their size is a nominal cap. overlay is kept: it is a container's root file system, whose
     * space is the disk the container writes to.
     */
    static final Set<String> PSEUDO_FILE_SYSTEMS = Set.of("proc", "sysfs", "cgroup", "cgroup2", "devtmpfs", "devpts",
            "tmpfs", "ramfs", "mqueue", "hugetlbfs", "debugfs", "tracefs", "securityfs", "pstore", "bpf", "configfs",
            "fusectl", "autofs", "binfmt_misc", "nsfs", "rpc_pipefs", "selinuxfs", "efivarfs", "squashfs",
            "fuse.lxcfs", "nfsd");

    /** cgroup v1 has no "max": an unset memory limit reads as the largest long, rounded down to a page. */
    private static final long V1_UNLIMITED_FROM = Long.MAX_VALUE - (1L << 20);
    private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

    private final Path proc;
    private final Path cgroup;

    @Inject
    public ProcReader(HostConfig config) {
        this(config.procRoot(), config.cgroupRoot());
    }

    ProcReader(Path proc, Path cgroup) {
        this.proc = proc;
        this.cgroup = cgroup;
    }

    /** The time all CPUs together spent in each state since boot. */
    CpuTimes cpuTimes() throws IOException {
        return parse(proc.resolve("stat"), lines -> {
            String[] cpu = fields(lines.stream().filter(line -> line.startsWith("cpu ")).findFirst().orElseThrow());
            long[] ticks = new long[8];
            for (int i = 0; i < ticks.length; i++) {
                // Kernels before 2.6.11 have fewer columns; what they lack is zero.
                ticks[i] = i + 1 < cpu.length ? Long.parseLong(cpu[i + 1]) : 0;
            }
            return new CpuTimes(ticks[0], ticks[1], ticks[2], ticks[3], ticks[4], ticks[5], ticks[6], ticks[7]);
        });
    }

    /** The CPUs the host has online: one {@code cpuN} line each in {@code /proc/stat}. */
    int hostCpuCount() throws IOException {
        return parse(proc.resolve("stat"), lines -> (int) lines.stream().filter(line -> line.matches("cpu\\d+ .*"))
                .count());
    }

    LoadAverage loadAverage() throws IOException {
        return parse(proc.resolve("loadavg"), lines -> {
            String[] load = fields(lines.get(0));
            return new LoadAverage(Double.parseDouble(load[0]), Double.parseDouble(load[1]),
                    Double.parseDouble(load[2]));
        });
    }

    /** Used memory is total minus available, which is what {@code free} reports since MemAvailable exists. */
    Memory memory() throws IOException {
        Path file = proc.resolve("meminfo");
        Map<String, Long> meminfo = parse(file, ProcReader::kilobytes);
        long total = required(meminfo, "MemTotal", file);
        long available = required(meminfo, "MemAvailable", file);
        return new Memory(total, available, total - available);
    }

    Swap swap() throws IOException {
        Path file = proc.resolve("meminfo");
        Map<String, Long> meminfo = parse(file, ProcReader::kilobytes);
        long total = required(meminfo, "SwapTotal", file);
        long free = required(meminfo, "SwapFree", file);
        return new Swap(total, free, total - free);
    }

    double uptimeSeconds() throws IOException {
        return parse(proc.resolve("uptime"), lines -> Double.parseDouble(fields(lines.get(0))[0]));
    }

    /**
     * File systems that hold data, sorted by path, each device once: a device mounted at several
     * paths (bind mounts, btrfs subvolumes) shares its space, so only its shortest path is listed.
     */
    List<Mount> mounts() throws IOException {
        return parse(proc.resolve("mounts"), lines -> {
            Map<String, Mount> byDevice = new LinkedHashMap<>();
            for (String line : lines) {
                String[] fields = fields(line);
                Mount mount = new Mount(unescape(fields[0]), unescape(fields[1]), fields[2]);
                if (!PSEUDO_FILE_SYSTEMS.contains(mount.type())) {
                    byDevice.merge(mount.device(), mount,
                            (kept, other) -> other.path().length() < kept.path().length() ? other : kept);
                }
            }
            List<Mount> mounts = new ArrayList<>(byDevice.values());
            mounts.sort(Comparator.comparing(Mount::path));
            return mounts;
        });
    }

    /**
     * The CPU and memory limits of the cgroup this service runs in, as a container sees them at the
     * root of its cgroup file system; empty when there is none (no cgroups, or nothing limited).
     */
    Optional<ContainerLimits> containerLimits() throws IOException {
        ContainerLimits limits;
        if (Files.exists(cgroup.resolve("cgroup.controllers"))) {
            limits = new ContainerLimits(2, cpuMax(cgroup.resolve("cpu.max")),
                    bytesOrMax(cgroup.resolve("memory.max")), bytesOrMax(cgroup.resolve("memory.current")));
        } else {
            Path cpu = Files.isDirectory(cgroup.resolve("cpu")) ? cgroup.resolve("cpu") : cgroup.resolve("cpu,cpuacct");
            Path memory = cgroup.resolve("memory");
            Long limit = v1Bytes(memory.resolve("memory.limit_in_bytes"));
            limits = new ContainerLimits(1, cfsQuota(cpu), limit == null || limit >= V1_UNLIMITED_FROM ? null : limit,
                    v1Bytes(memory.resolve("memory.usage_in_bytes")));
        }
        return limits.cpuLimit() == null && limits.memoryLimitBytes() == null ? Optional.empty() : Optional.of(limits);
    }

    /** Why a figure could not be read, in words a reader of the answer understands. */
    static String reason(IOException failure) {
        if (failure instanceof NoSuchFileException) {
            return failure.getMessage() + " does not exist (not Linux, or not mounted)";
        }
        if (failure instanceof AccessDeniedException) {
            return failure.getMessage() + " is not readable by this service";
        }
        return failure.getMessage();
    }

    /** cgroup v2 {@code cpu.max}: "quota period" in microseconds, quota "max" when unlimited. */
    private static Double cpuMax(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        return parse(file, lines -> {
            String[] quotaAndPeriod = fields(lines.get(0));
            return quotaAndPeriod[0].equals("max") ? null
                    : Double.parseDouble(quotaAndPeriod[0]) / Double.parseDouble(quotaAndPeriod[1]);
        });
    }

    private static Long bytesOrMax(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        return parse(file, lines -> lines.get(0).strip().equals("max") ? null : Long.parseLong(lines.get(0).strip()));
    }

    /** cgroup v1 {@code cpu.cfs_quota_us} over {@code cpu.cfs_period_us}; a quota of -1 means unlimited. */
    private static Double cfsQuota(Path cpu) throws IOException {
        Long quota = v1Bytes(cpu.resolve("cpu.cfs_quota_us"));
        Long period = v1Bytes(cpu.resolve("cpu.cfs_period_us"));
        return quota == null || period == null || quota < 0 ? null : (double) quota / period;
    }

    private static Long v1Bytes(Path file) throws IOException {
        return Files.exists(file) ? parse(file, lines -> Long.parseLong(lines.get(0).strip())) : null;
    }

    private static Map<String, Long> kilobytes(List<String> lines) {
        Map<String, Long> values = new HashMap<>();
        for (String line : lines) {
            String[] fields = fields(line);
            long value = Long.parseLong(fields[1]);
            values.put(fields[0].substring(0, fields[0].length() - 1), fields.length > 2 ? value * 1024 : value);
        }
        return values;
    }

    private static long required(Map<String, Long> values, String key, Path file) throws IOException {
        Long value = values.get(key);
        if (value == null) {
            throw new IOException(file + " has no " + key + " line");
        }
        return value;
    }

    /** /proc/mounts writes space, tab, newline and backslash in paths as octal escapes. */
    private static String unescape(String field) {
        Matcher escape = OCTAL_ESCAPE.matcher(field);
        StringBuilder plain = new StringBuilder();
        while (escape.find()) {
            escape.appendReplacement(plain, Matcher.quoteReplacement(
                    String.valueOf((char) Integer.parseInt(escape.group(1), 8))));
        }
        return escape.appendTail(plain).toString();
    }

    private static String[] fields(String line) {
        return line.strip().split("\\s+");
    }

    /** Content the kernel did not write as expected is a reason for the figure to be missing, never a crash. */
    private static <T> T parse(Path file, Function<List<String>, T> parser) throws IOException {
        List<String> lines = Files.readAllLines(file);
        try {
            return parser.apply(lines);
        } catch (RuntimeException malformed) {
            throw new IOException(file + " is not in the expected format (" + malformed + ")", malformed);
        }
    }
}
