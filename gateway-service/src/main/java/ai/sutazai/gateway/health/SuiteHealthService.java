package ai.sutazai.gateway.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

import ai.sutazai.gateway.health.SuiteHealth.ServiceHealth;
import ai.sutazai.gateway.health.SuiteHealth.Status;

/**
 * Asks every instance of every service for its readiness, all in parallel and each with its own
 * timeout, so one hanging instance costs its timeout and no more. No circuit breaker here: the
 * point is to see the real state, every time.
 */
@ApplicationScoped
public class SuiteHealthService {

    private final SuiteHealthConfig config;
    private final InstanceDirectory directory;
    private final WebClient http;
    private final SmallRyeHealthReporter ownHealth;
    private final String ownName;
    private final Uni<SuiteHealth> shared;

    public SuiteHealthService(SuiteHealthConfig config, InstanceDirectory directory, Vertx vertx,
            SmallRyeHealthReporter ownHealth, @ConfigProperty(name = "quarkus.application.name") String ownName) {
        this.config = config;
        this.directory = directory;
        this.http = WebClient.create(vertx);
        this.ownHealth = ownHealth;
        this.ownName = ownName;
        Uni<SuiteHealth> fresh = Uni.createFrom().deferred(this::checkNow);
        this.shared = config.reuseWindow().isZero() ? fresh : fresh.memoize().atLeast(config.reuseWindow());
    }

    /** The suite's health, shared with other callers within the reuse window. */
    public Uni<SuiteHealth> check() {
        return shared;
    }

    private Uni<SuiteHealth> checkNow() {
        List<Uni<ServiceHealth>> services = new ArrayList<>();
        services.add(self());
        config.services().forEach(service -> services.add(service(service)));
        return Uni.join().all(services).andCollectFailures()
                .map(list -> new SuiteHealth(overall(list), Instant.now(), list));
    }

    private Status overall(List<ServiceHealth> services) {
        if (services.stream().anyMatch(s -> s.critical() && s.status() == Status.DOWN)) {
            return Status.DOWN;
        }
        return services.stream().allMatch(s -> s.status() == Status.UP) ? Status.UP : Status.DEGRADED;
    }

    // The gateway answers for itself from its own health registry, without a network round trip.
    private Uni<ServiceHealth> self() {
        long start = System.nanoTime();
        return ownHealth.getReadinessAsync().map(health -> {
            JsonObject payload = new JsonObject(health.getPayload().toString());
            boolean ready = "UP".equals(payload.getString("status"));
            return new ServiceHealth(ownName, ready ? Status.UP : Status.DOWN, config.criticalServices().contains(ownName),
                    1, millisSince(start), payload.getJsonArray("checks").getList(), ready ? null : "not ready");
        });
    }

    private Uni<ServiceHealth> service(String name) {
        boolean critical = config.criticalServices().contains(name);
        return directory.instances(name)
                .ifNoItem().after(config.discoveryTimeout()).fail()
                .onItem().transformToUni(addresses -> addresses.isEmpty()
                        ? Uni.createFrom().item(List.<InstanceReadiness>of())
                        : Uni.join().all(addresses.stream().map(this::probe).toList()).andCollectFailures())
                .map(instances -> summarise(name, critical, instances))
                .onFailure().recoverWithItem(failure -> new ServiceHealth(name, Status.DOWN, critical, 0, 0, null,
                        "cannot list instances: " + message(failure)));
    }

    private Uni<InstanceReadiness> probe(String address) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        long start = System.nanoTime();
        Duration timeout = config.instanceTimeout();
        return http.get(port, host, "/q/health/ready").timeout(timeout.toMillis()).send()
                .map(response -> readiness(address, response, millisSince(start)))
                .onFailure().recoverWithItem(failure -> new InstanceReadiness(address, false, millisSince(start), null,
                        address + ": " + message(failure)));
    }

    private static InstanceReadiness readiness(String address, HttpResponse<?> response, long latencyMs) {
        try {
            JsonObject body = response.bodyAsJsonObject();
            boolean ready = response.statusCode() == 200 && body != null && "UP".equals(body.getString("status"));
            List<Object> checks = body == null || body.getJsonArray("checks") == null ? null
                    : body.getJsonArray("checks").getList();
            return new InstanceReadiness(address, ready, latencyMs, checks,
                    ready ? null : address + ": not ready (HTTP " + response.statusCode() + ")");
        } catch (RuntimeException notJson) {
            return new InstanceReadiness(address, false, latencyMs, null,
                    address + ": answered HTTP " + response.statusCode() + " without a health report");
        }
    }

    private static ServiceHealth summarise(String name, boolean critical, List<InstanceReadiness> instances) {
        if (instances.isEmpty()) {
            return new ServiceHealth(name, Status.DOWN, critical, 0, 0, null, "no instance is registered");
        }
        long ready = instances.stream().filter(InstanceReadiness::ready).count();
        Status status = ready == instances.size() ? Status.UP : ready == 0 ? Status.DOWN : Status.DEGRADED;
        InstanceReadiness reporter = instances.stream()
                .filter(i -> i.checks() != null)
                .max(Comparator.comparing(InstanceReadiness::ready))
                .orElse(instances.get(0));
        String errors = instances.stream().map(InstanceReadiness::error).filter(e -> e != null)
                .collect(Collectors.joining("; "));
        long latency = instances.stream().mapToLong(InstanceReadiness::latencyMs).max().orElse(0);
        return new ServiceHealth(name, status, critical, instances.size(), latency, reporter.checks(),
                errors.isEmpty() ? null : errors);
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    private static String message(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }
}
