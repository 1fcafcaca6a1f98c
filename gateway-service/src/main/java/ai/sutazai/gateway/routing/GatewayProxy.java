package ai.sutazai.gateway.routing;

import java.net.ConnectException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.netty.channel.ConnectTimeoutException;
import io.quarkus.logging.Log;
import io.quarkus.micrometer.runtime.binder.vertx.HttpRequestMetric;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.stork.Stork;
import io.smallrye.stork.api.NoServiceInstanceFoundException;
import io.smallrye.stork.api.ServiceInstance;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.commons.problem.ProblemWriter;
import ai.sutazai.commons.requestid.RequestIds;
import ai.sutazai.gateway.auth.AccessTokens;
import ai.sutazai.gateway.auth.Caller;
import ai.sutazai.gateway.edge.ClientAddresses;

/**
 * The gateway's front door to the other services: a Vert.x route ahead of Quarkus REST that
 * streams each request to an instance of the owning service (chosen by Stork) and streams the
 * answer back, so server-sent events arrive event by event. A REST client cannot do this: it
 * buffers bodies.
 */
@Singleton
public class GatewayProxy {

    // RFC 9110 §7.6.1: meaningful for one connection only, never forwarded.
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "proxy-connection");
    private static final Set<HttpMethod> RETRYABLE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final RoutingConfig config;
    private final ProblemWriter problems;
    private final AccessTokens accessTokens;
    private final ClientAddresses addresses;
    private final UpstreamMetrics metrics;
    private final HttpClient client;
    private final long maxBodyBytes;
    private final Map<String, Upstream> upstreams = new LinkedHashMap<>();

    public GatewayProxy(RoutingConfig config, ProblemWriter problems, AccessTokens accessTokens,
            ClientAddresses addresses, UpstreamMetrics metrics, Vertx vertx,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.config = config;
        this.maxBodyBytes = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.problems = problems;
        this.accessTokens = accessTokens;
        this.addresses = addresses;
        this.metrics = metrics;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                // Compression stays end to end: the gateway passes bytes through, it never re-encodes them.
                .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(200));
        for (RouteTable.Route route : RouteTable.routes()) {
            upstreams.computeIfAbsent(route.service(), this::upstream);
        }
        upstreams.values().forEach(metrics::register);
    }

    void install(@Observes Router router) {
        // Authentication has run by now (it precedes every route), and REST comes later.
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
    }

    void close(@Observes ShutdownEvent event) {
        client.close();
    }

    /** The upstream of each service, in route order. */
    Map<String, Upstream> upstreams() {
        return upstreams;
    }

    private Upstream upstream(String service) {
        RoutingConfig.Breaker breaker = config.breaker();
        TypedGuard<Uni<HttpClientResponse>> guard = TypedGuard.create(new TypeLiteral<Uni<HttpClientResponse>>() {
        })
                .withDescription("forwarding to " + service)
                .withCircuitBreaker()
                .name(Upstream.breakerName(service))
                .requestVolumeThreshold(breaker.requestVolume())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(breaker.successThreshold())
                // A client's oversized body says nothing about the upstream's health.
                .skipOn(LimitedBody.TooLarge.class)
                .done()
                .build();
        return new Upstream(service, guard, config.maxInFlight());
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        // Matched and forwarded as normalised: "/api/v1/agents/../../q/health" must not reach an upstream's /q.
        String path = context.normalizedPath();
        String uri = request.query() == null ? path : path + "?" + request.query();
        var target = RouteTable.find(path, uri);
        if (target.isEmpty()) {
            context.next();
            return;
        }
        labelByRoute(context, target.get().route(), path);
        Upstream upstream = upstreams.get(target.get().route().service());
        if (!upstream.tryAcquire()) {
            problems.write(context, new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                    upstream.service() + " has too many requests in flight; retry shortly.", List.of(),
                    Map.of("Retry-After", "1")));
            return;
        }
        boolean hasBody = hasBody(request);
        if (hasBody) {
            // Held until an upstream connection takes it; the pipe resumes it.
            request.pause();
        }
        MultiMap headers = forwardedHeaders(context);
        int attempts = !hasBody && RETRYABLE.contains(request.method()) ? 1 + config.retries() : 1;
        exchange(upstream, request, target.get().uri(), headers, hasBody, attempts)
                .subscribe().with(response -> relay(context, upstream, response),
                        failure -> fail(context, upstream, failure));
    }

    // http_server_requests_seconds by route, not by path: paths under a prefix are unbounded, metric labels must not be.
    private static void labelByRoute(RoutingContext context, RouteTable.Route route, String path) {
        HttpRequestMetric metric = HttpRequestMetric.getRequestMetric(context);
        if (metric != null) {
            metric.setTemplatePath(path.length() <= route.prefix().length() + 1 ? route.prefix() : route.prefix() + "/*");
        }
    }

    // One guarded call per client request: a GET that succeeds on its retry counts as a success.
    private Uni<HttpClientResponse> exchange(Upstream upstream, HttpServerRequest request, String uri, MultiMap headers,
            boolean hasBody, int attempts) {
        return upstream.guard().get(() -> attempt(upstream, request, uri, headers, hasBody, attempts));
    }

    private Uni<HttpClientResponse> attempt(Upstream upstream, HttpServerRequest request, String uri, MultiMap headers,
            boolean hasBody, int attemptsLeft) {
        Uni<HttpClientResponse> attempt = sendOnce(upstream, request, uri, headers, hasBody);
        if (attemptsLeft <= 1) {
            return attempt;
        }
        // Only failures before any answer are retried, on the next instance: not a timeout (the
        // instance is slow, not gone) and not an answer.
        return attempt.onFailure(GatewayProxy::isRetryable)
                .recoverWithUni(() -> attempt(upstream, request, uri, headers, hasBody, attemptsLeft - 1));
    }

    private Uni<HttpClientResponse> sendOnce(Upstream upstream, HttpServerRequest request, String uri, MultiMap headers,
            boolean hasBody) {
        return Stork.getInstance().getService(upstream.service()).selectInstance()
                .flatMap(instance -> send(instance, request, uri, headers, hasBody))
                .flatMap(response -> response.statusCode() >= 500
                        ? Uni.createFrom().failure(new UpstreamFailure.ServerError(response))
                        : Uni.createFrom().item(response));
    }

    private Uni<HttpClientResponse> send(ServiceInstance instance, HttpServerRequest request, String uri,
            MultiMap headers, boolean hasBody) {
        RequestOptions options = new RequestOptions().setMethod(request.method())
                .setHost(instance.getHost()).setPort(instance.getPort()).setSsl(instance.isSecure())
                .setURI(uri).setHeaders(headers)
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setIdleTimeout(config.idleTimeout().toMillis());
        long responseTimeout = config.responseTimeout().toMillis();
        return Uni.createFrom().<HttpClientResponse> emitter(emitter -> client.request(options)
                .onFailure(emitter::fail)
                .onSuccess(upstreamRequest -> {
                    emitter.onTermination(() -> {
                        // Cancelled (timed out) before the answer started: give the connection up.
                        if (!upstreamRequest.response().isComplete()) {
                            upstreamRequest.reset();
                        }
                    });
                    if (hasBody && headers.get("Content-Length") == null) {
                        upstreamRequest.setChunked(true);
                    }
                    LimitedBody body = !hasBody ? null : new LimitedBody(request, maxBodyBytes,
                            () -> upstreamRequest.reset(0, new LimitedBody.TooLarge(maxBodyBytes)));
                    (hasBody ? upstreamRequest.send(body) : upstreamRequest.send())
                            .onSuccess(response -> {
                                // Held until relay() pipes it: body bytes arriving earlier would be lost.
                                response.pause();
                                emitter.complete(response);
                            })
                            .onFailure(failure -> emitter.fail(body != null && body.exceeded()
                                    ? new LimitedBody.TooLarge(maxBodyBytes) : failure));
                }))
                .ifNoItem().after(Duration.ofMillis(responseTimeout))
                .failWith(() -> new UpstreamFailure.Timeout(instance.getHost() + ":" + instance.getPort()
                        + " did not answer within " + responseTimeout + " ms"));
    }

    private void relay(RoutingContext context, Upstream upstream, HttpClientResponse response) {
        HttpServerResponse out = context.response();
        out.setStatusCode(response.statusCode());
        out.setStatusMessage(response.statusMessage());
        copyHeaders(response.headers(), out.headers());
        if (response.getHeader("Content-Length") == null) {
            out.setChunked(true);
        }
        new Relay(context, upstream, response, metrics).start();
    }

    private void fail(RoutingContext context, Upstream upstream, Throwable failure) {
        if (failure instanceof UpstreamFailure.ServerError serverError) {
            // A 5xx counts against the breaker, but the client still gets the upstream's own answer.
            relay(context, upstream, serverError.response());
            return;
        }
        upstream.release();
        if (failure instanceof CircuitBreakerOpenException) {
            metrics.shortCircuited(upstream.service());
        }
        ProblemException problem = problemFor(upstream.service(), failure);
        if (!(failure instanceof CircuitBreakerOpenException || failure instanceof LimitedBody.TooLarge)) {
            Log.warnf("Forwarding %s %s to %s failed: %s", context.request().method(), context.request().path(),
                    upstream.service(), failure.toString());
        }
        if (!context.request().isEnded()) {
            // The unread body must not be taken for the next request on this connection.
            context.response().putHeader("Connection", "close")
                    .endHandler(ended -> context.request().connection().close());
        }
        problems.write(context, problem);
    }

    private ProblemException problemFor(String service, Throwable failure) {
        if (failure instanceof LimitedBody.TooLarge) {
            return new ProblemException(ProblemType.CONTENT_TOO_LARGE,
                    "The request body is larger than " + maxBodyBytes + " bytes.");
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return unavailable(service + " is failing; the gateway stopped sending it requests for a while.",
                    config.breaker().delay().toSeconds());
        }
        if (failure instanceof NoServiceInstanceFoundException) {
            return unavailable("No instance of " + service + " is available.", 5);
        }
        if (isRefused(failure)) {
            return unavailable(service + " refused the connection.", 1);
        }
        if (failure instanceof UpstreamFailure.Timeout || failure instanceof TimeoutException) {
            return new ProblemException(ProblemType.GATEWAY_TIMEOUT, service + " did not answer in time.");
        }
        return new ProblemException(ProblemType.BAD_GATEWAY, service + " sent a broken answer or closed the connection.");
    }

    private static ProblemException unavailable(String detail, long retryAfterSeconds) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, detail, List.of(),
                Map.of("Retry-After", String.valueOf(Math.max(1, retryAfterSeconds))));
    }

    private MultiMap forwardedHeaders(RoutingContext context) {
        HttpServerRequest request = context.request();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        copyHeaders(request.headers(), headers);
        headers.remove("Host");
        // Identity headers are the upstream's to derive from the token, never the client's to assert.
        headers.names().stream().filter(name -> name.toLowerCase(Locale.ROOT).startsWith("x-user-")).toList()
                .forEach(headers::remove);
        personalTokenSwap(context).ifPresent(jwt -> headers.set("Authorization", "Bearer " + jwt));
        String client = addresses.of(request);
        String priorFor = addresses.isTrustedPeer(request) ? request.getHeader("X-Forwarded-For") : null;
        headers.set("X-Forwarded-For", priorFor == null ? client : priorFor + ", " + ClientAddresses.peer(request));
        headers.set("X-Forwarded-Proto", request.scheme());
        if (request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
        headers.set(RequestIds.HEADER, RequestIds.of(request));
        return headers;
    }

    // Upstream services accept JWTs only: a personal access token becomes a short-lived JWT of its owner.
    private Optional<String> personalTokenSwap(RoutingContext context) {
        if (!(context.user() instanceof QuarkusHttpUser user)) {
            return Optional.empty();
        }
        SecurityIdentity identity = user.getSecurityIdentity();
        if (identity.getAttribute(Caller.PERSONAL_TOKEN_ID) == null
                || !(identity.getPrincipal() instanceof JsonWebToken principal)) {
            return Optional.empty();
        }
        return Optional.of(accessTokens.issueForwarded(principal, identity.getRoles()));
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        String connection = from.get("Connection");
        Set<String> connectionScoped = HOP_BY_HOP;
        if (connection != null) {
            // Only a Connection header that names further headers costs a set of its own.
            connectionScoped = new HashSet<>(HOP_BY_HOP);
            for (String name : connection.split(",")) {
                connectionScoped.add(name.strip().toLowerCase(Locale.ROOT));
            }
        }
        Set<String> dropped = connectionScoped;
        from.forEach(header -> {
            if (!dropped.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        return request.getHeader("Transfer-Encoding") != null || (length != null && !"0".equals(length.strip()));
    }

    private static boolean isRetryable(Throwable failure) {
        return !(failure instanceof UpstreamFailure || failure instanceof NoServiceInstanceFoundException
                || failure instanceof TimeoutException || failure instanceof LimitedBody.TooLarge);
    }

    private static boolean isRefused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
