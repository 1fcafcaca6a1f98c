package ai.sutazai.health.probe;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * One HTTP exchange of a probe over the shared Vert.x client: a fresh connection every time (the
 * client keeps none alive, so each check proves the target still accepts connections, as
 * blackbox_exporter's do), connect and idle timeouts of the probe's own, and a cap on the body.
 */
final class HttpCalls {

    static final long MAX_BODY_BYTES = 1024 * 1024;

    private HttpCalls() {
    }

    /** What came back: status, body, how long it took and the server's certificate, if any. */
    record Reply(int status, Buffer body, long elapsedMs, Optional<X509Certificate> certificate) {
    }

    /** Sends the request and reads the whole answer, failing when the body exceeds {@link #MAX_BODY_BYTES}. */
    static Uni<Reply> exchange(HttpClient client, String url, String method, Map<String, String> headers,
            Duration timeout) {
        MultiMap requestHeaders = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(requestHeaders::add);
        RequestOptions options = new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.valueOf(method))
                .setHeaders(requestHeaders).setConnectTimeout(timeout.toMillis()).setIdleTimeout(timeout.toMillis())
                .setFollowRedirects(false);
        long start = System.nanoTime();
        return client.request(options).flatMap(request -> request.send()
                .flatMap(response -> read(response, start))
                // Cut off at the probe's timeout: a server still sending would otherwise keep the connection.
                .onCancellation().invoke(() -> request.reset()));
    }

    // Counts the body as it comes, since a chunked answer announces no length; past the cap, hangs up.
    private static Uni<Reply> read(HttpClientResponse response, long start) {
        String length = response.getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BODY_BYTES) {
            response.request().reset();
            return Uni.createFrom().failure(new IllegalStateException(
                    "the answer is " + length + " bytes, more than a probe reads (" + MAX_BODY_BYTES + ")"));
        }
        Optional<X509Certificate> certificate = certificate(response);
        return Uni.createFrom().emitter(emitter -> {
            Buffer body = Buffer.buffer();
            response.exceptionHandler(emitter::fail);
            response.endHandler(() -> emitter.complete(new Reply(response.statusCode(), body,
                    Duration.ofNanos(System.nanoTime() - start).toMillis(), certificate)));
            response.handler(chunk -> {
                if (body.length() + chunk.length() <= MAX_BODY_BYTES) {
                    body.appendBuffer(chunk);
                    return;
                }
                // Failed first: the reset reaches the exception handler too, and only the first failure counts.
                emitter.fail(new IllegalStateException("the answer runs over the " + MAX_BODY_BYTES
                        + " bytes a probe reads"));
                response.pause();
                response.request().reset();
            });
        });
    }

    private static Optional<X509Certificate> certificate(HttpClientResponse response) {
        if (!response.request().getDelegate().connection().isSsl()) {
            return Optional.empty();
        }
        try {
            List<Certificate> chain = response.request().getDelegate().connection().peerCertificates();
            return chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf) ? Optional.empty()
                    : Optional.of(leaf);
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }
}
