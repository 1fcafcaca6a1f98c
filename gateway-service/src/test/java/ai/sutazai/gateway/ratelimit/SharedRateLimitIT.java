package ai.sutazai.gateway.ratelimit;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import ai.sutazai.commons.testing.ServiceProcess;
import ai.sutazai.commons.testing.TcpForwarder;
import ai.sutazai.commons.testing.TestTokens;

/**
 * Two gateway processes sharing one Redis hold one limit between them; with Redis gone each
 * still limits on its own. The bucket holds 10 requests and refills one every 100 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedRateLimitIT {

    private static final int CAPACITY = 10;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final TcpForwarder redis = new TcpForwarder("127.0.0.1", 6379);
    private final List<Integer> ports = List.of(TcpForwarder.freePort(), TcpForwarder.freePort());
    private final List<ServiceProcess> gateways = new ArrayList<>();

    @BeforeAll
    void startTwoGateways(@TempDir Path first, @TempDir Path second) {
        redis.open();
        for (int i = 0; i < 2; i++) {
            Map<String, String> environment = new HashMap<>();
            for (String name : List.of("JWT_SECRET", "POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_USER",
                    "POSTGRES_PASSWORD", "PATH")) {
                environment.put(name, System.getenv(name));
            }
            environment.put("REDIS_HOST", "127.0.0.1");
            environment.put("REDIS_PORT", String.valueOf(redis.port()));
            environment.put("QUARKUS_HTTP_PORT", String.valueOf(ports.get(i)));
            environment.put("GATEWAY_RATE_LIMIT_API_CAPACITY", String.valueOf(CAPACITY));
            environment.put("GATEWAY_RATE_LIMIT_API_REFILL_PER_SECOND", "0.01");
            environment.put("GATEWAY_RATE_LIMIT_AUTH_CAPACITY", "3");
            environment.put("GATEWAY_RATE_LIMIT_AUTH_REFILL_PER_SECOND", "0.01");
            // Sharing is under test, not the deadline: on a busy test machine a cold JVM can miss 100 ms.
            environment.put("GATEWAY_RATE_LIMIT_REDIS_TIMEOUT", "2s");
            gateways.add(ServiceProcess.start(i == 0 ? first : second, environment));
        }
        String warmUp = TestTokens.forSubject(UUID.randomUUID().toString());
        for (int port : ports) {
            await().atMost(Duration.ofSeconds(60)).until(() -> ServiceProcess.status(port, "/q/health/live") == 200);
            // The first Redis round trip also opens the connection; wait until limits are shared.
            await().atMost(Duration.ofSeconds(30)).until(() -> get(port, warmUp).statusCode() == 404
                    && readiness(port).contains("\"mode\": \"shared\""));
        }
    }

    @AfterAll
    void stop() throws InterruptedException {
        for (ServiceProcess gateway : gateways) {
            gateway.close();
        }
        redis.close();
    }

    @Test
    @Order(1)
    void aConcurrentBurstOnBothGatewaysGetsExactlyOneBucketsWorth() {
        // Requests arriving together are batched into shared script calls: the limit stays exact.
        String token = TestTokens.forSubject(UUID.randomUUID().toString());
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 8 * CAPACITY; i++) {
            burst.add(HTTP.sendAsync(request(ports.get(i % 2), token), HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = burst.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
        assertThat("only 404 (passed) and 429 (limited): " + statuses,
                statuses.stream().allMatch(status -> status == 404 || status == 429), is(true));
        assertThat(statuses.stream().filter(status -> status == 404).count(), is((long) CAPACITY));
    }

    @Test
    @Order(2)
    void twoGatewaysShareOneLimitAndEachKeepsLimitingWithoutRedis() throws Exception {
        String token = TestTokens.forSubject(UUID.randomUUID().toString());
        int allowed = 0;
        int refused = 0;
        for (int i = 0; i < 2 * CAPACITY; i++) {
            HttpResponse<String> response = get(ports.get(i % 2), token);
            if (response.statusCode() == 429) {
                refused++;
                assertThat(response.headers().firstValue("Retry-After").map(Integer::parseInt).orElse(0), greaterThan(0));
                assertThat(response.headers().firstValue("Content-Type").orElse(""), is("application/problem+json"));
            } else {
                allowed++;
                assertThat(response.headers().firstValue("RateLimit-Limit").orElse(""), is(String.valueOf(CAPACITY)));
            }
        }
        // Shared: about one bucket's worth in total, where two separate buckets would allow twice that.
        assertThat(allowed, allOf(greaterThanOrEqualTo(CAPACITY), lessThanOrEqualTo(CAPACITY + 2)));
        assertThat(refused, greaterThanOrEqualTo(CAPACITY - 2));

        // Sign-in has its own, stricter bucket, per client address for anonymous callers (emptied
        // of earlier runs first: it refills slowly).
        deleteRedisKey(RateLimitFilter.KEY_PREFIX + "auth:ip:127.0.0.1");
        List<Integer> logins = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            logins.add(login(ports.get(i % 2)).statusCode());
        }
        assertThat(logins, is(List.of(401, 401, 401, 429)));

        // Redis gone: each gateway limits alone, with a fresh bucket of its own, and never lets everything through.
        redis.close();
        String other = TestTokens.forSubject(UUID.randomUUID().toString());
        for (int port : ports) {
            int passed = 0;
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 2 * CAPACITY; i++) {
                int status = get(port, other).statusCode();
                statuses.add(status);
                passed += status == 404 ? 1 : 0;
            }
            assertThat("only 404 (passed) and 429 (limited): " + statuses,
                    statuses.stream().allMatch(status -> status == 404 || status == 429), is(true));
            assertThat("gateway on " + port + " limits alone", passed, allOf(greaterThanOrEqualTo(CAPACITY),
                    lessThanOrEqualTo(CAPACITY + 2)));
            assertThat(ServiceProcess.status(port, "/q/health/ready"), is(200));
            assertThat(readiness(port), containsString("\"mode\": \"per-replica\""));
        }
    }

    private static String readiness(int port) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void deleteRedisKey(String key) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", 6379)) {
            String command = "*2\r\n$3\r\nDEL\r\n$" + key.length() + "\r\n" + key + "\r\n";
            socket.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().read();
        }
    }

    private static HttpResponse<String> login(int port) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/login"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"it-nobody-" + UUID.randomUUID()
                        + "\",\"password\":\"Wrong-Password-123\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String token) throws Exception {
        return HTTP.send(request(port, token), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(int port, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/no-such-thing"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).build();
    }
}
