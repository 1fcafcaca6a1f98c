package ai.sutazai.gateway.audit;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/** The address a request came from, as recorded in the audit log and used by the sign-in slowdown. */
public final class ClientAddress {

    private ClientAddress() {
    }

    /**
     * The peer's IP address. Behind Kong this is Kong's address until the routing work honours
     * {@code X-Forwarded-For} from {@code TRUSTED_PROXIES}; a client-sent header is never believed.
     */
    public static String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.hostAddress() != null ? remote.hostAddress() : remote.host();
    }
}
