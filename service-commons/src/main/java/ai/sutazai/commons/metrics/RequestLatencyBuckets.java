package ai.sutazai.commons.metrics;

import java.time.Duration;
import java.util.stream.LongStream;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Publishes {@code http_server_requests_seconds_bucket} so Prometheus can compute the p95 latency per
 * route (deploy/prometheus/rules.yml, the Grafana dashboards). A dozen fixed buckets rather than
 * Micrometer's percentile histogram (about 70 per series), so each route adds few series.
 */
@Singleton
public class RequestLatencyBuckets {

    /** Bucket bounds in milliseconds: from a cache hit to a long streamed chat. */
    static final long[] BOUNDS_MS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000};

    @Produces
    @Singleton
    MeterFilter requestLatencyBuckets() {
        double[] bounds = LongStream.of(BOUNDS_MS).mapToDouble(ms -> Duration.ofMillis(ms).toNanos()).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!"http.server.requests".equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(bounds).build().merge(config);
            }
        };
    }
}
