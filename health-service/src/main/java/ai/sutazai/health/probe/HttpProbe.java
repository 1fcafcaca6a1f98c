package ai.sutazai.health.probe;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * The {@code http} probe and the presets: each step's request must answer with an expected status,
 * within {@code maxResponseTime}, with its JSON condition met, over a certificate valid for at
 * least {@code minCertDays} more days.
 */
final class HttpProbe implements Probe {

    private final HttpClient client;
    private final ProbeTarget.Http target;
    private final Duration timeout;
    private final Clock clock;

    HttpProbe(HttpClient client, ProbeTarget.Http target, Duration timeout, Clock clock) {
        this.client = client;
        this.target = target;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Uni<ProbeOutcome> check() {
        Map<String, Object> details = new LinkedHashMap<>();
        Uni<Optional<String>> chain = Uni.createFrom().item(Optional.empty());
        for (ProbeTarget.HttpStep step : target.steps()) {
            chain = chain.flatMap(failed -> failed.isPresent() ? Uni.createFrom().item(failed)
                    : HttpCalls.exchange(client, step.url(), step.method(), target.headers(), timeout)
                            .map(reply -> evaluate(step, reply, details))
                            .onFailure().recoverWithItem(failure -> Optional.of(step.method() + " "
                                    + ProbeTarget.withoutCredentials(step.url()) + " failed: " + Probe.describe(failure))));
        }
        return chain.map(failed -> failed.map(error -> ProbeOutcome.down(error, details))
                .orElseGet(() -> ProbeOutcome.up(details)));
    }

    private Optional<String> evaluate(ProbeTarget.HttpStep step, HttpCalls.Reply reply, Map<String, Object> details) {
        String request = step.method() + " " + ProbeTarget.withoutCredentials(step.url());
        details.put("statusCode", reply.status());
        boolean expected = step.expectStatus().isEmpty() ? reply.status() / 100 == 2
                : step.expectStatus().contains(reply.status());
        if (!expected) {
            return Optional.of(request + " answered " + reply.status() + ", expected "
                    + (step.expectStatus().isEmpty() ? "2xx" : step.expectStatus()));
        }
        if (target.maxResponseTime() != null && reply.elapsedMs() > target.maxResponseTime().toMillis()) {
            return Optional.of(request + " answered in " + reply.elapsedMs() + " ms, more than maxResponseTime "
                    + target.maxResponseTime());
        }
        Optional<String> certificate = reply.certificate().flatMap(leaf -> certificate(leaf, details));
        if (certificate.isPresent()) {
            return certificate;
        }
        return step.jsonField() == null ? Optional.empty() : json(step, request, reply, details);
    }

    private Optional<String> certificate(X509Certificate leaf, Map<String, Object> details) {
        long daysLeft = Duration.between(clock.instant(), leaf.getNotAfter().toInstant()).toDays();
        details.put("certDaysLeft", daysLeft);
        if (target.minCertDays() != null && daysLeft < target.minCertDays()) {
            return Optional.of("the certificate expires in " + daysLeft + " days (" + leaf.getNotAfter().toInstant()
                    + "), fewer than minCertDays " + target.minCertDays());
        }
        return Optional.empty();
    }

    private static Optional<String> json(ProbeTarget.HttpStep step, String request, HttpCalls.Reply reply,
            Map<String, Object> details) {
        Object document;
        try {
            document = Json.decodeValue(reply.body().getDelegate());
        } catch (DecodeException e) {
            return Optional.of(request + " did not answer JSON, so jsonField " + step.jsonField() + " cannot be read");
        }
        List<Object> values = JsonFields.at(document, step.jsonField());
        if (step.jsonValue() == null) {
            if (values.isEmpty()) {
                return Optional.of(request + " answered without the JSON field " + step.jsonField());
            }
            details.put(step.jsonField(), values.size() == 1 ? values.get(0) : values);
            return Optional.empty();
        }
        if (values.stream().anyMatch(value -> step.jsonValue().equals(String.valueOf(value)))) {
            return Optional.empty();
        }
        return Optional.of(request + " answered JSON field " + step.jsonField() + " = "
                + (values.isEmpty() ? "(absent)" : values.size() == 1 ? "\"" + values.get(0) + "\"" : values)
                + ", expected \"" + step.jsonValue() + "\"");
    }

    @Override
    public void close() {
        // The HTTP client is shared by every HTTP probe and closed with the factory.
    }
}
