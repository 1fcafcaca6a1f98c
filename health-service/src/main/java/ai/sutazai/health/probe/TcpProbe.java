package ai.sutazai.health.probe;

import java.time.Duration;
import java.util.Map;

import io.smallrye.mutiny.Uni;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.net.NetClient;

/** The {@code tcp} probe: the port accepts a connection within the timeout; nothing is sent. */
final class TcpProbe implements Probe {

    private final NetClient client;
    private final ProbeTarget.Host target;

    TcpProbe(Vertx vertx, ProbeTarget.Host target, Duration timeout) {
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) timeout.toMillis()));
        this.target = target;
    }

    @Override
    public Uni<ProbeOutcome> check() {
        return client.connect(target.port(), target.host())
                .flatMap(socket -> socket.close().replaceWith(ProbeOutcome.up(Map.of())))
                .onFailure().recoverWithItem(failure -> ProbeOutcome.down(
                        "cannot connect to " + target.host() + ":" + target.port() + ": " + Probe.describe(failure)));
    }

    @Override
    public void close() {
        client.closeAndForget();
    }
}
