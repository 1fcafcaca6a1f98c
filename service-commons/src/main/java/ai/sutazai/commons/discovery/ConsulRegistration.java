package ai.sutazai.commons.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.ext.consul.CheckOptions;
import io.vertx.ext.consul.ConsulClientOptions;
import io.vertx.ext.consul.ServiceOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.consul.ConsulClient;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Registers this instance in Consul once its HTTP server listens, in the background and with
 * retries, so Consul being down never delays or fails start-up. Registers again whenever Consul
 * forgets the instance, and deregisters on shutdown after readiness has gone DOWN and before
 * in-flight requests are drained.
 */
@ApplicationScoped
public class ConsulRegistration {

    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration DEREGISTER_WITHIN = Duration.ofSeconds(3);

    private final ConsulSettings settings;
    private final Vertx vertx;
    private final String serviceName;
    private final String version;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile ConsulClient consul;
    private volatile WebClient http;
    private volatile String instanceId;
    private volatile Cancellable registering;
    private volatile long reconcileTimer = -1;

    public ConsulRegistration(ConsulSettings settings, Vertx vertx,
            @ConfigProperty(name = "quarkus.application.name") String serviceName,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.settings = settings;
        this.vertx = vertx;
        this.serviceName = serviceName;
        this.version = version;
    }

    // Quarkus fires this asynchronously once the HTTP server listens.
    void onHttpStarted(@ObservesAsync HttpServerStart started) {
        if (!settings.enabled()) {
            return;
        }
        // The start-up check refuses CONSUL_ENABLED=true without SERVICE_ADVERTISED_HOST.
        String host = settings.advertisedHost().orElseThrow();
        int port = started.options().getPort();
        if (port <= 0) {
            // Only a random port (quarkus.http.port=0) is unknown here; nobody could be sent to it.
            Log.warnf("Not registering %s in Consul: its HTTP port is chosen at random", serviceName);
            return;
        }
        instanceId = serviceName + "-" + host + "-" + port;
        consul = ConsulClient.create(vertx, new ConsulClientOptions().setHost(settings.host()).setPort(settings.port()));
        http = WebClient.create(vertx);
        ServiceOptions registration = registration(host, port);
        registering = register(registration).subscribe().with(
                done -> scheduleReconcile(registration),
                // Retries only end when the service stops.
                failure -> Log.debugf("Consul registration of %s stopped: %s", instanceId, failure.getMessage()));
    }

    private ServiceOptions registration(String host, int port) {
        String base = "http://" + host + ":" + port;
        String interval = consulDuration(settings.checkInterval());
        CheckOptions liveness = new CheckOptions().setId(instanceId + "-live").setName(serviceName + " liveness")
                .setHttp(base + "/q/health/live").setInterval(interval)
                .setDeregisterAfter(consulDuration(settings.deregisterCriticalAfter()));
        // Readiness never deregisters: a database outage takes the instance out of rotation, not out of Consul.
        CheckOptions readiness = new CheckOptions().setId(instanceId + "-ready").setName(serviceName + " readiness")
                .setHttp(base + "/q/health/ready").setInterval(interval);
        return new ServiceOptions().setId(instanceId).setName(serviceName).setAddress(host).setPort(port)
                .setTags(List.of("version=" + version))
                .setMeta(Map.of("version", version))
                .setCheckListOptions(List.of(liveness, readiness));
    }

    // Consul's Go duration syntax: "1m", "10s".
    static String consulDuration(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private Uni<Void> register(ServiceOptions registration) {
        return Uni.createFrom().deferred(() -> consul.registerService(registration))
                .onItem().invoke(() -> Log.infof("Registered %s in Consul at %s:%d", instanceId, settings.host(), settings.port()))
                .onFailure().invoke(failure -> Log.warnf("Consul at %s:%d refused or missed the registration of %s: %s",
                        settings.host(), settings.port(), instanceId, failure.getMessage()))
                .onFailure(failure -> !stopping.get())
                .retry().withBackOff(FIRST_RETRY, settings.retryMaxBackoff()).indefinitely();
    }

    // Consul restarted without state forgets its services: check now and then, and register again.
    private void scheduleReconcile(ServiceOptions registration) {
        if (stopping.get()) {
            return;
        }
        reconcileTimer = vertx.setTimer(settings.reconcileInterval().toMillis(), id -> http
                .get(settings.port(), settings.host(), "/v1/agent/service/" + instanceId).send()
                .onItem().transformToUni(response -> {
                    if (response.statusCode() == 404) {
                        Log.warnf("Consul no longer knows %s; registering again", instanceId);
                        return register(registration);
                    }
                    return Uni.createFrom().voidItem();
                })
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf("Consul unreachable while checking %s: %s", instanceId, failure.getMessage());
                    return null;
                })
                .subscribe().with(done -> scheduleReconcile(registration)));
    }

    // Fired after readiness went DOWN and before Quarkus drains in-flight requests.
    void onShutdownStarted(@Observes ShutdownDelayInitiatedEvent event) {
        deregister();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        deregister();
    }

    private void deregister() {
        if (consul == null || !stopping.compareAndSet(false, true)) {
            return;
        }
        vertx.cancelTimer(reconcileTimer);
        if (registering != null) {
            registering.cancel();
        }
        try {
            consul.deregisterService(instanceId).await().atMost(DEREGISTER_WITHIN);
            Log.infof("Deregistered %s from Consul", instanceId);
        } catch (RuntimeException e) {
            Log.warnf("Could not deregister %s from Consul (its liveness check will remove it): %s", instanceId,
                    e.getMessage());
        }
    }
}
