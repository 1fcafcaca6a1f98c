package ai.sutazai.health.monitor;

import java.util.Set;

/** Fired when a reload removed probes (or changed them so that their state started afresh). */
public record ProbesChanged(Set<String> removed, Set<String> restarted) {
}
