package ai.sutazai.health.status;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ai.sutazai.health.monitor.ComponentState;
import ai.sutazai.health.monitor.ProbeMonitor;
import ai.sutazai.health.probe.HealthStatus;
import ai.sutazai.health.probe.ProbeDefinition;
import ai.sutazai.health.probe.ProbesFile;

/** The overall status from the components', as the gateway's aggregate decides it. */
class TruthTableTest {

    private static final List<ProbeDefinition> PROBES = ProbesFile.parse("""
            probes:
              - {name: db, type: tcp, host: 127.0.0.1, port: 1, critical: true}
              - {name: cache, type: tcp, host: 127.0.0.1, port: 2, critical: false}
            """, variable -> Optional.empty());

    @Test
    void criticalDownIsDownAllUpIsUpAnythingElseIsDegraded() {
        assertThat(StatusService.overall(List.of(of(0, HealthStatus.UP), of(1, HealthStatus.UP))), is(HealthStatus.UP));
        assertThat(StatusService.overall(List.of(of(0, HealthStatus.DOWN), of(1, HealthStatus.UP))),
                is(HealthStatus.DOWN));
        assertThat(StatusService.overall(List.of(of(0, HealthStatus.UP), of(1, HealthStatus.DOWN))),
                is(HealthStatus.DEGRADED));
        assertThat(StatusService.overall(List.of(of(0, HealthStatus.UP), of(1, HealthStatus.UNKNOWN))),
                is(HealthStatus.DEGRADED));
    }

    @Test
    void noProbesRunningIsNotUp() {
        // As when the probes file went bad between the start-up check and the load: nothing is known.
        assertThat(StatusService.overall(List.of()), is(HealthStatus.DEGRADED));
    }

    private static ProbeMonitor.Component of(int probe, HealthStatus status) {
        ComponentState.Snapshot state = status == HealthStatus.UNKNOWN ? ComponentState.Snapshot.UNKNOWN
                : new ComponentState.Snapshot(status, Instant.EPOCH, 0, null, null, null, Instant.EPOCH);
        return new ProbeMonitor.Component(PROBES.get(probe), state, 1, 0);
    }
}
