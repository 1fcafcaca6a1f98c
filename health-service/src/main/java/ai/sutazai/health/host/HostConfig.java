package ai.sutazai.health.host;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the host's figures are read from, and how often CPU usage is measured. */
@ConfigMapping(prefix = "health.host")
public interface HostConfig {

    /** The proc file system (another root only where it is mounted elsewhere, or for tests). */
    @WithDefault("/proc")
    Path procRoot();

    /** The cgroup file system, where a container's CPU and memory limits are read. */
    @WithDefault("/sys/fs/cgroup")
    Path cgroupRoot();

    /** How often CPU usage is sampled; answers report the last full interval, so no request waits for one. */
    @WithDefault("PT5S")
    Duration cpuSampleInterval();
}
