package ai.sutazai.health.probe;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import io.smallrye.mutiny.Uni;

/**
 * The {@code amqp} probe (RabbitMQ): connect, log in, open a channel, close both. RabbitMQ's Java
 * client blocks, so the check runs on the probes' own small worker pool, never on an event loop;
 * its connect and handshake timeouts are the probe's, so a hung broker frees the worker in time.
 */
final class AmqpProbe implements Probe {

    private final ConnectionFactory factory;
    private final Executor blocking;

    AmqpProbe(ProbeTarget.Host target, Duration timeout, Executor blocking) {
        this.blocking = blocking;
        this.factory = new ConnectionFactory();
        factory.setHost(target.host());
        factory.setPort(target.port());
        factory.setUsername(target.user());
        factory.setPassword(target.password());
        factory.setVirtualHost(target.vhost());
        factory.setConnectionTimeout((int) timeout.toMillis());
        factory.setHandshakeTimeout((int) timeout.toMillis());
        factory.setShutdownTimeout((int) timeout.toMillis());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
    }

    @Override
    public Uni<ProbeOutcome> check() {
        return Uni.createFrom().item(this::connect).runSubscriptionOn(blocking);
    }

    private ProbeOutcome connect() {
        try (Connection connection = factory.newConnection("sutazai-health-probe");
                Channel ignored = connection.createChannel()) {
            Object version = connection.getServerProperties().get("version");
            return ProbeOutcome.up(version == null ? Map.of() : Map.of("version", version.toString()));
        } catch (Exception e) {
            return ProbeOutcome.down(Probe.describe(e));
        }
    }

    @Override
    public void close() {
        // Nothing is held between checks.
    }
}
