package ai.sutazai.health.heartbeat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.sutazai.commons.hashing.Sha256;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.health.monitor.ProbeMonitor;
import ai.sutazai.health.probe.HeartbeatLedger;
import ai.sutazai.health.probe.ProbeTarget;

/**
 * Where push probes report in. Public (no JWT: cron jobs and agents carry the probe's own token in
 * {@code X-Heartbeat-Token}); a wrong or missing token is a 401, compared in constant time.
 */
@Path("/api/v1/system/heartbeats/{name}")
public class HeartbeatResource {

    /** The header carrying a push probe's token. */
    public static final String TOKEN_HEADER = "X-Heartbeat-Token";

    private final ProbeMonitor monitor;
    private final HeartbeatLedger ledger;
    private final Clock clock;
    private final ObjectMapper json;

    public HeartbeatResource(ProbeMonitor monitor, HeartbeatLedger ledger, Clock clock, ObjectMapper json) {
        this.monitor = monitor;
        this.ledger = ledger;
        this.clock = clock;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report a heartbeat of a push probe", description = "Send the probe's token in "
            + "X-Heartbeat-Token; an optional JSON body {\"status\": \"down\", \"message\": \"...\"} reports a failure.")
    public Map<String, Object> beat(@PathParam("name") String name, @HeaderParam(TOKEN_HEADER) String token,
            String text) {
        ProbeMonitor.Component component = monitor.component(name)
                .filter(probe -> probe.definition().target() instanceof ProbeTarget.Heartbeat)
                .orElseThrow(() -> ProblemException.notFound("There is no heartbeat probe " + name + "."));
        String expected = ((ProbeTarget.Heartbeat) component.definition().target()).token();
        if (token == null || !MessageDigest.isEqual(Sha256.digest(token.getBytes(StandardCharsets.UTF_8)),
                Sha256.digest(expected.getBytes(StandardCharsets.UTF_8)))) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The heartbeat token of " + name
                    + " is missing or wrong: send the probe's token in the " + TOKEN_HEADER + " header.");
        }
        HeartbeatRequest body = body(text);
        boolean up = body.status() == null || body.status().equals("up");
        Instant at = clock.instant();
        ledger.record(name, new HeartbeatLedger.Beat(at, up, body.message()));
        return Map.of("name", name, "status", up ? "up" : "down", "receivedAt", at.toString(),
                "nextBeatDueBy", at.plus(component.definition().interval()).plus(component.definition().timeout())
                        .toString());
    }

    // Read here rather than by JAX-RS, so that a beat with no body or no Content-Type (curl -X POST) is fine.
    private HeartbeatRequest body(String text) {
        if (text == null || text.isBlank()) {
            return new HeartbeatRequest(null, null);
        }
        HeartbeatRequest body;
        try {
            body = json.readValue(text, HeartbeatRequest.class);
        } catch (JsonProcessingException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null) {
            // The JSON literal null: as good as no body.
            return new HeartbeatRequest(null, null);
        }
        if (body.status() != null && !body.status().equals("up") && !body.status().equals("down")) {
            throw ProblemException.invalid("status", "must be up or down");
        }
        if (body.message() != null && body.message().length() > HeartbeatRequest.MAX_MESSAGE) {
            throw ProblemException.invalid("message", "must be at most " + HeartbeatRequest.MAX_MESSAGE + " characters");
        }
        return body;
    }
}
