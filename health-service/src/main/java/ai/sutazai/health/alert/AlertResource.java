package ai.sutazai.health.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import ai.sutazai.commons.hashing.Sha256;
import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.paging.PageQuery;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;

/**
 * Alerts: Alertmanager posts to the webhook with a bearer token of its own (no JWT); reading and
 * acknowledging them takes a JWT like the rest of the API.
 */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    /** The largest notification taken; Alertmanager's max_alerts keeps real ones well below. */
    static final int MAX_NOTIFICATION_BYTES = 1024 * 1024;
    private static final String BEARER = "Bearer ";
    // Long enough not to hammer a service nobody configured, short enough to pick up a token set meanwhile.
    private static final Duration NOT_CONFIGURED_RETRY = Duration.ofSeconds(60);

    private final AlertService alerts;
    private final AlertsConfig config;
    private final SecurityIdentity identity;

    public AlertResource(AlertService alerts, AlertsConfig config, SecurityIdentity identity) {
        this.alerts = alerts;
        this.config = config;
        this.identity = identity;
    }

    @POST
    @Path("/webhook")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Alertmanager's webhook receiver (payload version 4)", description = "Send "
            + "ALERTMANAGER_WEBHOOK_TOKEN as the bearer token. 200 once every alert is stored; 503 with Retry-After "
            + "while PostgreSQL is down, which Alertmanager retries.")
    public Uni<AlertService.Receipt> webhook(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String text) {
        // Unset, the webhook answers 503 rather than 404: Alertmanager retries a 5xx and drops a 4xx,
        // so notifications sent before the token is set are not lost, and its log names the cause.
        String expected = config.webhookToken().orElseThrow(() -> ProblemException.unavailable("The alert webhook "
                + "is not configured: set ALERTMANAGER_WEBHOOK_TOKEN on health-service.", NOT_CONFIGURED_RETRY));
        if (!tokenMatches(authorization, expected)) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The webhook token is missing or wrong: send "
                    + "ALERTMANAGER_WEBHOOK_TOKEN as a bearer token (http_config.authorization.credentials).");
        }
        if (text == null || text.isBlank()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "The body is empty: expected Alertmanager's JSON "
                    + "notification.");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_NOTIFICATION_BYTES) {
            throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, "A notification may hold at most "
                    + MAX_NOTIFICATION_BYTES + " bytes; lower max_alerts in Alertmanager's webhook_config.");
        }
        return alerts.receive(text);
    }

    @GET
    @Operation(summary = "Alerts, latest start first", description = "status=firing or resolved; all without it.")
    public Uni<Page<Alert>> list(@QueryParam("status") String status, @BeanParam @Valid PageQuery page) {
        if (status != null && !List.of(AlertInstance.FIRING, AlertInstance.RESOLVED).contains(status)) {
            throw ProblemException.invalid("status", "must be firing or resolved");
        }
        return alerts.list(status, page.limit(), page.cursor());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One alert")
    public Uni<Alert> get(@PathParam("id") String id) {
        return alerts.get(id);
    }

    @POST
    @Path("/{id}/acknowledge")
    @Operation(summary = "Acknowledge an alert", description = "Records the caller and the time; acknowledging "
            + "again changes nothing.")
    public Uni<Alert> acknowledge(@PathParam("id") String id) {
        String subject = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject() : identity.getPrincipal().getName();
        return alerts.acknowledge(id, subject);
    }

    // Compared as digests, so the time taken tells nothing about the token, not even its length.
    private static boolean tokenMatches(String authorization, String expected) {
        String token = Optional.ofNullable(authorization)
                .filter(header -> header.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(header -> header.substring(BEARER.length()).strip()).orElse(null);
        return token != null && MessageDigest.isEqual(Sha256.digest(token.getBytes(StandardCharsets.UTF_8)),
                Sha256.digest(expected.getBytes(StandardCharsets.UTF_8)));
    }
}
