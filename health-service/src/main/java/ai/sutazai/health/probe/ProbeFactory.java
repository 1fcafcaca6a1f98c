package ai.sutazai.health.probe;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;

import ai.sutazai.health.config.HealthConfig;

/**
 * Builds the live probe for a definition. HTTP probes share two Vert.x clients (one verifying
 * certificates, one for {@code tlsInsecure} targets); TCP probes get a client of their own; database
 * and Redis probes a connection of their own for each check; blocking AMQP checks share a small
 * worker pool.
 */
@ApplicationScoped
public class ProbeFactory {

    private final Vertx vertx;
    private final Clock clock;
    private final HeartbeatLedger ledger;
    private final HttpClient verifying;
    private final HttpClient insecure;
    private final ExecutorService blocking;

    public ProbeFactory(Vertx vertx, Clock clock, HeartbeatLedger ledger, HealthConfig config) {
        this.vertx = vertx;
        this.clock = clock;
        this.ledger = ledger;
        this.verifying = httpClient(vertx, false, config.maxConcurrentChecks());
        this.insecure = httpClient(vertx, true, config.maxConcurrentChecks());
        AtomicInteger threads = new AtomicInteger();
        this.blocking = Executors.newFixedThreadPool(config.blockingProbeThreads(), task -> {
            Thread thread = new Thread(task, "health-blocking-probe-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The probe a definition describes, ready to check. */
    public Probe create(ProbeDefinition definition) {
        return switch (definition.type()) {
            case HTTP -> {
                ProbeTarget.Http target = (ProbeTarget.Http) definition.target();
                yield new HttpProbe(target.tlsInsecure() ? insecure : verifying, target, definition.timeout(), clock);
            }
            case SERVICE -> new ServiceProbe(verifying, (ProbeTarget.Http) definition.target(), definition.timeout());
            case TCP -> new TcpProbe(vertx, (ProbeTarget.Host) definition.target(), definition.timeout());
            case POSTGRES -> new PostgresProbe(vertx.getDelegate(), (ProbeTarget.Host) definition.target(),
                    definition.timeout());
            case REDIS -> new RedisProbe(vertx, (ProbeTarget.Host) definition.target(), definition.timeout());
            case AMQP -> new AmqpProbe((ProbeTarget.Host) definition.target(), definition.timeout(), blocking);
            case CONSUL -> new ConsulProbe(verifying, (ProbeTarget.Host) definition.target(), definition.timeout());
            case HEARTBEAT -> new HeartbeatProbe(definition.name(), definition.interval(), definition.timeout(),
                    ledger, clock);
        };
    }

    // No keep-alive: every check opens its own connection. The pool only bounds how many are open at once.
    private static HttpClient httpClient(Vertx vertx, boolean trustAll, int maxConnections) {
        HttpClientOptions options = new HttpClientOptions().setKeepAlive(false).setTcpNoDelay(true)
                .setTrustAll(trustAll).setVerifyHost(!trustAll).setMaxRedirects(0)
                .setName(trustAll ? "health-probes-insecure" : "health-probes");
        return vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(maxConnections));
    }

    @PreDestroy
    void close() {
        verifying.closeAndForget();
        insecure.closeAndForget();
        blocking.shutdownNow();
    }
}
