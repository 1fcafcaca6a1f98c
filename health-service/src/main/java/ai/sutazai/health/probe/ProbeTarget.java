package ai.sutazai.health.probe;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The type-specific part of a probe: where it connects and what it expects there. */
public sealed interface ProbeTarget {

    /** The target without credentials or query strings. */
    String describe();

    /** The secrets this target holds. */
    List<String> secrets();

    /**
     * An HTTP target ({@code http}, {@code service} and the presets): one or more requests made in
     * order, each with its own expectations; the probe passes when every one does.
     */
    record Http(List<HttpStep> steps, Map<String, String> headers, Duration maxResponseTime, Integer minCertDays,
            boolean tlsInsecure) implements ProbeTarget {

        @Override
        public String describe() {
            return withoutCredentials(steps.get(0).url());
        }

        @Override
        public List<String> secrets() {
            List<String> secrets = new ArrayList<>(headers.values());
            steps.forEach(step -> {
                String userInfo = URI.create(step.url()).getRawUserInfo();
                if (userInfo != null) {
                    secrets.add(userInfo);
                    int colon = userInfo.indexOf(':');
                    if (colon >= 0 && colon + 1 < userInfo.length()) {
                        secrets.add(userInfo.substring(colon + 1));
                    }
                }
            });
            return secrets;
        }
    }

    /**
     * One request of an HTTP target: the status it must answer with (any 2xx when empty) and,
     * optionally, a JSON field that must be present or equal {@code jsonValue}.
     */
    record HttpStep(String url, String method, List<Integer> expectStatus, String jsonField, String jsonValue) {
    }

    /** A host and port ({@code tcp}, {@code postgres}, {@code redis}, {@code amqp}, {@code consul}) with its login. */
    record Host(String host, int port, String database, String user, String password, String vhost)
            implements ProbeTarget {

        @Override
        public String describe() {
            String where = host + ":" + port;
            if (database != null) {
                where += "/" + database;
            }
            if (vhost != null) {
                where += " vhost " + vhost;
            }
            return user == null ? where : where + " as " + user;
        }

        // Also as a URL carries it (the Redis client takes its login in a connection string).
        @Override
        public List<String> secrets() {
            return password == null || password.isEmpty() ? List.of()
                    : Stream.of(password, URLEncoder.encode(password, StandardCharsets.UTF_8)).distinct().toList();
        }
    }

    /** A push probe: the component reports {@code POST /api/v1/system/heartbeats/{name}} with this token. */
    record Heartbeat(String token) implements ProbeTarget {

        @Override
        public String describe() {
            return "heartbeats pushed to /api/v1/system/heartbeats/{name}";
        }

        @Override
        public List<String> secrets() {
            return List.of(token);
        }
    }

    /** The URL with neither user info nor query string, which is where tokens hide. */
    static String withoutCredentials(String url) {
        URI uri = URI.create(url);
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getHost() + port + path;
    }
}
