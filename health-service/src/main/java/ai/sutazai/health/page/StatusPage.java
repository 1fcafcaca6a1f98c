package ai.sutazai.health.page;

import java.time.Instant;
import java.util.List;

import io.quarkus.qute.TemplateData;

/**
 * What the status page shows, and nothing more: names, states, latency and uptime, and incidents
 * and alerts by name. Errors, causes, targets and details stay off it, as they stay off the
 * anonymous status answer.
 */
@TemplateData
public record StatusPage(String overall, Instant checkedAt, boolean storageDown, List<Section> sections,
        List<OpenIncident> incidents, List<FiringAlert> alerts) {

    /** One group of components under its heading. */
    @TemplateData
    public record Section(String title, List<Component> components) {
    }

    /** One component: its state ({@code up}, {@code degraded}, {@code down}, {@code unknown}) and its last 24 hours. */
    @TemplateData
    public record Component(String name, String state, Long latencyMs, List<UptimeCell> uptime) {
    }

    /** An incident still open: which component, since when, and for how long so far (e.g. {@code 2 h 5 min}). */
    @TemplateData
    public record OpenIncident(String component, Instant since, String duration) {
    }

    /** An alert firing now about a component, by name and severity only. */
    @TemplateData
    public record FiringAlert(String component, String name, String severity, Instant since) {
    }
}
