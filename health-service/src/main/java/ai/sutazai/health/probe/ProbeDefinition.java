package ai.sutazai.health.probe;

import java.time.Duration;
import java.util.List;

/**
 * One entry of the probes file after validation and {@code ${VAR}} expansion: what to check, how
 * often, and how its results turn into a state. Two definitions are equal when nothing about the
 * check differs, which is how a reload tells changed probes from unchanged ones.
 */
public record ProbeDefinition(String name, ProbeType type, String preset, Duration interval, Duration timeout,
        boolean critical, List<String> dependsOn, int failureThreshold, int recoveryThreshold, ProbeTarget target) {

    /** What the probe is pointed at, without credentials, for answers and logs. */
    public String describeTarget() {
        return target.describe();
    }

    /** Every secret the definition holds, so that no error text or log line repeats one. */
    public List<String> secrets() {
        return target.secrets();
    }
}
