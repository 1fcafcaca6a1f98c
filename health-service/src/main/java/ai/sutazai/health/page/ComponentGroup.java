package ai.sutazai.health.page;

import java.util.Set;

import ai.sutazai.health.probe.ProbeDefinition;
import ai.sutazai.health.probe.ProbeType;

/** The sections of the status page, in page order, and which section a probe belongs to. */
public enum ComponentGroup {
    SUITE_SERVICES("Suite services"),
    DATA_STORES("Data stores & infrastructure"),
    AI_BACKENDS("AI backends"),
    MONITORING("Monitoring"),
    OTHER("Other");

    private static final Set<ProbeType> INFRASTRUCTURE_TYPES = Set.of(ProbeType.POSTGRES, ProbeType.REDIS,
            ProbeType.AMQP, ProbeType.CONSUL, ProbeType.TCP);
    private static final Set<String> AI_PRESETS = Set.of("ollama", "qdrant", "chromadb", "neo4j");
    private static final Set<String> MONITORING_PRESETS = Set.of("prometheus", "alertmanager", "grafana", "jaeger",
            "loki");

    private final String title;

    ComponentGroup(String title) {
        this.title = title;
    }

    /** The section's heading. */
    public String title() {
        return title;
    }

    /** The section of a probe: by its type, or for an HTTP probe by its preset (Kong is infrastructure). */
    public static ComponentGroup of(ProbeDefinition definition) {
        if (definition.type() == ProbeType.SERVICE) {
            return SUITE_SERVICES;
        }
        if (INFRASTRUCTURE_TYPES.contains(definition.type()) || "kong".equals(definition.preset())) {
            return DATA_STORES;
        }
        if (definition.preset() == null) {
            return OTHER;
        }
        if (AI_PRESETS.contains(definition.preset())) {
            return AI_BACKENDS;
        }
        return MONITORING_PRESETS.contains(definition.preset()) ? MONITORING : OTHER;
    }
}
