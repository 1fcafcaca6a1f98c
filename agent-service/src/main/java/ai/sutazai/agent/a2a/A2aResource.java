package ai.sutazai.agent.a2a;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestMulti;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.agent.chat.EventStreams;
import ai.sutazai.agent.task.TaskService;

/**
 * The A2A server: the public agent cards and the JSON-RPC 2.0 endpoint (bearer tokens), speaking
 * v1.0 and v0.3. JSON-RPC answers are 200 whatever the outcome (errors are in the body, as the
 * protocol wants); streaming methods answer server-sent events whose ids are task event seqs, so
 * {@code Last-Event-ID} resumes a {@code SubscribeToTask} where it broke off.
 */
@Path("/")
public class A2aResource {

    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of(MediaType.APPLICATION_JSON));
    private static final Map<String, List<String>> CARD = Map.of("Content-Type", List.of(MediaType.APPLICATION_JSON),
            "Cache-Control", List.of("public, max-age=60"));

    private final A2aRpc rpc;
    private final PlatformCard cards;
    private final JsonWebToken token;
    private final SecurityIdentity identity;
    private final Optional<String> publicUrl;
    private final Vertx vertx;

    public A2aResource(A2aRpc rpc, PlatformCard cards, JsonWebToken token, SecurityIdentity identity, AgentConfig config,
            Vertx vertx) {
        this.rpc = rpc;
        this.cards = cards;
        this.token = token;
        this.identity = identity;
        this.publicUrl = config.a2a().publicUrl().map(url -> url.replaceAll("/+$", ""));
        this.vertx = vertx;
    }

    @GET
    @Path(".well-known/agent-card.json")
    @Operation(summary = "The platform's A2A agent card (v1.0, with v0.3's top-level fields): one skill per agent")
    public Multi<Buffer> card(@Context HttpServerRequest request) {
        return served(cards.current(baseUrl(request)));
    }

    @GET
    @Path(".well-known/agent.json")
    @Operation(summary = "The platform's A2A agent card in the v0.3 shape, at the path older clients probe")
    public Multi<Buffer> legacyCard(@Context HttpServerRequest request) {
        return served(cards.legacy(baseUrl(request)));
    }

    private static Multi<Buffer> served(Uni<JsonObject> card) {
        return RestMulti.fromUniResponse(card, found -> Multi.createFrom().item(found.toBuffer()), found -> CARD,
                found -> 200);
    }

    // The address clients reach us at: configured, else as the proxies in front of us report it.
    private String baseUrl(HttpServerRequest request) {
        if (publicUrl.isPresent()) {
            return publicUrl.get();
        }
        String proto = first(request.getHeader("X-Forwarded-Proto"));
        String host = first(request.getHeader("X-Forwarded-Host"));
        return (proto != null ? proto : request.scheme()) + "://" + (host != null ? host : request.authority().toString());
    }

    private static String first(String header) {
        return header == null || header.isBlank() ? null : header.split(",")[0].strip();
    }

    @POST
    @Path("a2a")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A2A JSON-RPC 2.0: SendMessage, SendStreamingMessage, GetTask, ListTasks, CancelTask, "
            + "SubscribeToTask, and the v0.3 names (message/send, message/stream, tasks/get, tasks/cancel, "
            + "tasks/resubscribe)")
    public Multi<Buffer> call(String body, @HeaderParam("Last-Event-ID") String lastEventId) {
        JsonObject request;
        try {
            request = new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            return answer(null, new A2aError(body.strip().startsWith("[") ? A2aError.INVALID_REQUEST : A2aError.PARSE_ERROR,
                    body.strip().startsWith("[") ? "Batches are not supported: send one request at a time."
                            : "The body is not JSON."));
        }
        Object id = request.getValue("id");
        if (!"2.0".equals(request.getValue("jsonrpc")) || !(request.getValue("method") instanceof String method)
                || !(id instanceof String || id instanceof Number)) {
            return answer(id instanceof String || id instanceof Number ? id : null, new A2aError(
                    A2aError.INVALID_REQUEST, "A request needs \"jsonrpc\": \"2.0\", a method and an id."));
        }
        Object params = request.getValue("params", new JsonObject());
        if (!(params instanceof JsonObject arguments)) {
            return answer(id, new A2aError(A2aError.INVALID_PARAMS, "params must be an object."));
        }
        TaskService.Asker asker = new TaskService.Asker(token.getSubject(), identity.hasRole("admin"));
        try {
            if (A2aRpc.streams(method)) {
                return stream(id, rpc.stream(method, arguments, asker, resumeFrom(lastEventId)));
            }
            Uni<Buffer> answer = rpc.call(method, arguments, asker)
                    .map(result -> response(id).put("result", result).toBuffer())
                    .onFailure().recoverWithItem(failure -> response(id).put("error", A2aRpc.asError(failure).toJson())
                            .toBuffer());
            return RestMulti.fromUniResponse(answer, bytes -> Multi.createFrom().item(bytes), bytes -> JSON,
                    bytes -> 200);
        } catch (RuntimeException e) {
            return answer(id, A2aRpc.asError(e));
        }
    }

    private static Long resumeFrom(String lastEventId) {
        if (lastEventId == null) {
            return null;
        }
        try {
            return Long.parseLong(lastEventId.strip());
        } catch (NumberFormatException e) {
            throw new A2aError(A2aError.INVALID_REQUEST, "Last-Event-ID must be the id of an event (a number).");
        }
    }

    /** An answer: a JSON-RPC object, or an event stream. */
    private record Answer(Multi<Buffer> body, boolean stream) {
    }

    // A call refused before any event is a plain JSON-RPC error (as clients expect); later failures are the last event.
    private Multi<Buffer> stream(Object id, Uni<Multi<A2aRpc.StreamEvent>> events) {
        Uni<Answer> answer = events.map(stream -> new Answer(EventStreams.keptAlive(stream.map(event -> Buffer.buffer(
                "id: " + event.seq() + "\ndata: " + response(id).put("result", event.result()).encode() + "\n\n"))
                .onFailure().recoverWithItem(failure -> Buffer.buffer("data: "
                        + response(id).put("error", A2aRpc.asError(failure).toJson()).encode() + "\n\n")), vertx), true))
                .onFailure().recoverWithItem(failure -> new Answer(Multi.createFrom().item(response(id)
                        .put("error", A2aRpc.asError(failure).toJson()).toBuffer()), false));
        return RestMulti.fromUniResponse(answer, Answer::body, found -> found.stream() ? EventStreams.HEADERS : JSON,
                found -> 200);
    }

    private static Multi<Buffer> answer(Object id, A2aError error) {
        return RestMulti.fromUniResponse(Uni.createFrom().item(response(id).put("error", error.toJson()).toBuffer()),
                bytes -> Multi.createFrom().item(bytes), bytes -> JSON, bytes -> 200);
    }

    private static JsonObject response(Object id) {
        return new JsonObject().put("jsonrpc", "2.0").putNull("id").put("id", id);
    }
}
