package ai.sutazai.health.probe;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;

import com.rabbitmq.client.ChannelContinuationTimeoutException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import io.smallrye.mutiny.Uni;

/**
 * The {@code amqp} probe (RabbitMQ): connect, log in, open a channel, close both. RabbitMQ's Java
 * client blocks, so the check runs on the probes' own small worker pool, never on an event loop;
 * every wait in it (connect, handshake, channel, close) is bounded by the probe's timeout, so a
 * broker that stops answering frees the worker in time.
 */
final class AmqpProbe implements Probe {

    private final ConnectionFactory factory;
    private final Executor blocking;
    private final Duration timeout;

    AmqpProbe(ProbeTarget.Host target, Duration timeout, Executor blocking) {
        this.blocking = blocking;
        this.timeout = timeout;
        int timeoutMillis = (int) timeout.toMillis();
        this.factory = new ConnectionFactory();
        factory.setHost(target.host());
        factory.setPort(target.port());
        factory.setUsername(target.user());
        factory.setPassword(target.password());
        factory.setVirtualHost(target.vhost());
        factory.setConnectionTimeout(timeoutMillis);
        factory.setHandshakeTimeout(timeoutMillis);
        factory.setShutdownTimeout(timeoutMillis);
        // Opening the channel waits for the broker's answer, ten minutes by default.
        factory.setChannelRpcTimeout(timeoutMillis);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
    }

    @Override
    public Uni<ProbeOutcome> check() {
        return Uni.createFrom().item(this::connect).runSubscriptionOn(blocking);
    }

    private ProbeOutcome connect() {
        Connection connection;
        try {
            connection = factory.newConnection("sutazai-health-probe");
        } catch (Exception e) {
            return ProbeOutcome.down(Probe.describe(e));
        }
        try {
            // Closed with the connection.
            connection.createChannel();
            Object version = connection.getServerProperties().get("version");
            return ProbeOutcome.up(version == null ? Map.of() : Map.of("version", version.toString()));
        } catch (ChannelContinuationTimeoutException e) {
            return ProbeOutcome.down("logged in, but the broker opened no channel within " + timeout);
        } catch (Exception e) {
            return ProbeOutcome.down(Probe.describe(e));
        } finally {
            // Closing waits for the broker's answer, forever by default; the verdict is in already, so errors go.
            connection.abort((int) timeout.toMillis());
        }
    }

    @Override
    public void close() {
        // Nothing is held between checks.
    }
}
