package ai.sutazai.health.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of health-service; the probes themselves live in the probes file. */
@ConfigMapping(prefix = "health")
public interface HealthConfig {

    /** The probes file ({@code HEALTH_PROBES_FILE}); without one the bundled probes of the suite's own stack run. */
    Optional<Path> probesFile();

    /** How many checks may run at once; a check due while all slots are busy waits for one (its lag grows). */
    @WithDefault("256")
    int maxConcurrentChecks();

    /** Worker threads for probes whose client blocks (amqp); one hung broker holds one for its timeout. */
    @WithDefault("8")
    int blockingProbeThreads();

    /** Storage of results and incidents. */
    History history();

    /** How often the uptime gauges on {@code /q/metrics} are computed afresh. */
    @WithDefault("PT1M")
    Duration uptimeGaugeRefresh();

    /** Results and incidents: the write buffer and retention. */
    interface History {
        /**
         * Results held in memory while PostgreSQL cannot take them; when full, the oldest are dropped
         * (counted in {@code health_history_dropped_total} and logged once per outage).
         */
        @WithDefault("200000")
        int bufferCapacity();

        /** How often buffered results and incident changes are written. */
        @WithDefault("PT1S")
        Duration flushInterval();

        /** Results written per statement. */
        @WithDefault("1000")
        int batchSize();

        /** How long every single result is kept; older ones are folded into per-minute aggregates. */
        @WithDefault("P2D")
        Duration rawRetention();

        /** How long per-minute aggregates are kept; older ones are folded into per-hour aggregates. */
        @WithDefault("P14D")
        Duration minuteRetention();

        /** How long per-hour aggregates, closed incidents and past maintenance windows are kept. */
        @WithDefault("P400D")
        Duration hourRetention();

        /** How often old results are folded into aggregates and expired ones deleted. */
        @WithDefault("PT5M")
        Duration compactionInterval();
    }
}
