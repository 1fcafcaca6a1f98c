package ai.sutazai.health.page;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import ai.sutazai.health.probe.ProbeDefinition;
import ai.sutazai.health.probe.ProbeType;

/** Which section of the status page a probe lands in, by its type and preset. */
class ComponentGroupTest {

    @Test
    void theTypeOrThePresetNamesTheSection() {
        assertThat(ComponentGroup.of(probe(ProbeType.SERVICE, null)), is(ComponentGroup.SUITE_SERVICES));
        for (ProbeType type : List.of(ProbeType.POSTGRES, ProbeType.REDIS, ProbeType.AMQP, ProbeType.CONSUL,
                ProbeType.TCP)) {
            assertThat(type.label(), ComponentGroup.of(probe(type, null)), is(ComponentGroup.DATA_STORES));
        }
        for (String preset : List.of("ollama", "qdrant", "chromadb", "neo4j")) {
            assertThat(preset, ComponentGroup.of(probe(ProbeType.HTTP, preset)), is(ComponentGroup.AI_BACKENDS));
        }
        for (String preset : List.of("prometheus", "alertmanager", "grafana", "jaeger", "loki")) {
            assertThat(preset, ComponentGroup.of(probe(ProbeType.HTTP, preset)), is(ComponentGroup.MONITORING));
        }
        assertThat(ComponentGroup.of(probe(ProbeType.HTTP, "kong")), is(ComponentGroup.DATA_STORES));
        assertThat(ComponentGroup.of(probe(ProbeType.HTTP, null)), is(ComponentGroup.OTHER));
        assertThat(ComponentGroup.of(probe(ProbeType.HEARTBEAT, null)), is(ComponentGroup.OTHER));
    }

    private static ProbeDefinition probe(ProbeType type, String preset) {
        return new ProbeDefinition("x", type, preset, Duration.ofSeconds(10), Duration.ofSeconds(2), false, List.of(), 3,
                2, null);
    }
}
