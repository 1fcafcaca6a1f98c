package ai.sutazai.health.host;

/** The aggregate {@code cpu} line of {@code /proc/stat}: time spent in each state since boot, in clock ticks. */
record CpuTimes(long user, long nice, long system, long idle, long iowait, long irq, long softirq, long steal) {

    /** Guest time is left out: the kernel already counts it in user and nice. */
    long total() {
        return user + nice + system + idle + iowait + irq + softirq + steal;
    }

    /** Waiting for I/O is idle time: the CPU could have run something else. */
    long idleTotal() {
        return idle + iowait;
    }

    /** Share of the time between {@code earlier} and this sample that the CPUs were busy, 0 to 100. */
    double busyPercentSince(CpuTimes earlier) {
        long elapsed = total() - earlier.total();
        long idled = idleTotal() - earlier.idleTotal();
        return 100.0 * (elapsed - idled) / elapsed;
    }
}
