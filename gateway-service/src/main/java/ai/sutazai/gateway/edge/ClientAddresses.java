package ai.sutazai.gateway.edge;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The address a request came from, for rate limits, the sign-in slowdown, the audit log and
 * {@code X-Forwarded-For}. {@code X-Forwarded-For} is believed only from the proxies in
 * {@code TRUSTED_PROXIES} (Kong): from anyone else it could name any address.
 */
@Singleton
public class ClientAddresses {

    private final List<Cidr> trusted;

    public ClientAddresses(@ConfigProperty(name = "gateway.trusted-proxies") Optional<List<String>> trustedProxies) {
        List<Cidr> cidrs = new ArrayList<>();
        trustedProxies.orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty())
                .forEach(cidr -> cidrs.add(Cidr.parse(cidr)));
        this.trusted = List.copyOf(cidrs);
    }

    /** The connection's peer, or, when that peer is a trusted proxy, the client it forwards for. */
    public String of(HttpServerRequest request) {
        return of(peer(request), request.getHeader("X-Forwarded-For"));
    }

    /** The client behind a connection from {@code peer} that sent {@code forwardedFor} (may be null). */
    String of(String peer, String forwardedFor) {
        if (forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        // Walk from the nearest hop back; the first address that is not a trusted proxy is the client.
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!hop.isEmpty() && !isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    /** Whether the connection's peer is a trusted proxy, whose {@code X-Forwarded-For} is believed. */
    public boolean isTrustedPeer(HttpServerRequest request) {
        return isTrusted(peer(request));
    }

    /** The connection's peer address. */
    public static String peer(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.hostAddress() != null ? remote.hostAddress() : remote.host();
    }

    private boolean isTrusted(String address) {
        return trusted.stream().anyMatch(cidr -> cidr.contains(address));
    }

    /** An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}); a bare address is a /32 or /128. */
    record Cidr(byte[] network, int prefixLength) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            byte[] address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("TRUSTED_PROXIES: '" + text + "' is not an IP address or CIDR");
            }
            int bits = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException("TRUSTED_PROXIES: '" + text + "' has an impossible prefix length");
            }
            return new Cidr(address, bits);
        }

        boolean contains(String text) {
            byte[] address = literal(text);
            if (address == null || address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixLength; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        // Only literals: a host name here would mean a DNS lookup per request.
        private static byte[] literal(String text) {
            String value = text.strip();
            if (value.isEmpty() || !(value.contains(":") || value.matches("[0-9.]+"))) {
                return null;
            }
            try {
                return InetAddress.getByName(value.replace("[", "").replace("]", "")).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
    }
}
