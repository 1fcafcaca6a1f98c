package ai.sutazai.health.consul;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.consul.Check;
import io.vertx.ext.consul.ConsulClientOptions;
import io.vertx.ext.consul.Service;
import io.vertx.ext.consul.ServiceEntry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.consul.ConsulClient;

import ai.sutazai.commons.discovery.ConsulSettings;

/**
 * Reads Consul's catalog ({@code GET /v1/catalog/services}) and every service's instances with their
 * checks ({@code GET /v1/health/service/<name>}, developer.hashicorp.com/consul/api-docs/health) on
 * a timer, and keeps the last answer, so a request never waits for Consul nor fails with it.
 */
@ApplicationScoped
public class ConsulPoller {

    // Worst first: an instance (and a service) takes the status of its worst check.
    private static final List<String> SEVERITY = List.of("critical", "maintenance", "warning", "passing");

    private final ConsulSettings settings;
    private final ConsulConfig config;
    private final Vertx vertx;
    private final Clock clock;
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile ConsulView view;
    private ConsulClient consul;
    private long timer = -1;

    public ConsulPoller(ConsulSettings settings, ConsulConfig config, Vertx vertx, Clock clock) {
        this.settings = settings;
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        if (!settings.enabled()) {
            return;
        }
        Instant now = clock.instant();
        view = new ConsulView(false, now, null, "Consul has not answered yet", now, List.of());
        consul = ConsulClient.create(vertx, new ConsulClientOptions().setHost(settings.host()).setPort(settings.port())
                .setTimeout(config.timeout().toMillis()).setConnectTimeout((int) config.timeout().toMillis()));
        poll();
        timer = vertx.setPeriodic(config.pollInterval().toMillis(), ignored -> poll());
    }

    void stop(@Observes ShutdownEvent event) {
        if (consul != null) {
            vertx.cancelTimer(timer);
            consul.close();
        }
    }

    /** Whether Consul is watched at all ({@code CONSUL_ENABLED}). */
    public boolean enabled() {
        return settings.enabled();
    }

    /** The last view; only while {@link #enabled()}. */
    public ConsulView view() {
        return view;
    }

    /** A service as Consul last saw it, if Consul answered the last poll and knows it. */
    public Optional<ConsulView.ServiceHealth> service(String name) {
        ConsulView current = view;
        if (current == null || !current.reachable()) {
            return Optional.empty();
        }
        return current.services().stream().filter(service -> service.name().equals(name)).findFirst();
    }

    // A poll still running when the next is due is left to finish: the timeout bounds it.
    private void poll() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        read().ifNoItem().after(config.timeout()).failWith(() -> new IllegalStateException(
                "no answer within " + config.timeout()))
                .eventually(() -> polling.set(false))
                .subscribe().with(this::answered, this::failed);
    }

    private Uni<List<ConsulView.ServiceHealth>> read() {
        return consul.catalogServices().flatMap(catalog -> {
            List<Service> services = catalog.getList();
            if (services.isEmpty()) {
                return Uni.createFrom().item(List.of());
            }
            List<Uni<ConsulView.ServiceHealth>> reads = services.stream()
                    .map(service -> consul.healthServiceNodes(service.getName(), false)
                            .map(entries -> health(service, entries.getList())))
                    .toList();
            return Uni.join().all(reads).andFailFast().map(all -> all.stream()
                    .sorted(Comparator.comparing(ConsulView.ServiceHealth::name)).toList());
        });
    }

    private void answered(List<ConsulView.ServiceHealth> services) {
        if (view != null && !view.reachable() && view.answeredAt() != null) {
            Log.infof("Consul at %s:%d answers again", settings.host(), settings.port());
        }
        Instant now = clock.instant();
        view = new ConsulView(true, now, now, null, null, services);
    }

    private void failed(Throwable failure) {
        ConsulView last = view;
        String error = "Consul at " + settings.host() + ":" + settings.port() + " cannot be read: "
                + (failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage());
        if (last.reachable()) {
            Log.warnf("%s", error);
        }
        Instant now = clock.instant();
        view = new ConsulView(false, now, last.answeredAt(), error,
                last.reachable() ? now : last.unreachableSince(), last.services());
    }

    // A service registered without any instance left has none that can serve: critical.
    static ConsulView.ServiceHealth health(Service service, List<ServiceEntry> entries) {
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        List<ConsulView.CheckState> checks = entries.stream().flatMap(entry -> entry.getChecks().stream())
                .map(ConsulPoller::check).toList();
        entries.forEach(entry -> byStatus.merge(worst(entry.getChecks().stream().map(ConsulPoller::status).toList()),
                1, Integer::sum));
        String status = entries.isEmpty() ? "critical" : worst(List.copyOf(byStatus.keySet()));
        return new ConsulView.ServiceHealth(service.getName(), status, entries.size(), byStatus,
                service.getTags() == null ? List.of() : service.getTags(), checks);
    }

    private static ConsulView.CheckState check(Check check) {
        return new ConsulView.CheckState(check.getNodeName(), check.getServiceId(), check.getId(), check.getName(),
                status(check), check.getOutput());
    }

    private static String status(Check check) {
        return check.getStatus() == null ? "critical" : check.getStatus().name().toLowerCase(Locale.ROOT);
    }

    // An instance without checks is passing, as Consul's own ?passing filter counts it.
    private static String worst(List<String> statuses) {
        return SEVERITY.stream().filter(statuses::contains).findFirst().orElse("passing");
    }
}
