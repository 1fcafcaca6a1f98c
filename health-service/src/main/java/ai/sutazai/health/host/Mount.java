package ai.sutazai.health.host;

/** A line of {@code /proc/mounts}: which device is mounted where, with which file system type. */
record Mount(String device, String path, String type) {
}
