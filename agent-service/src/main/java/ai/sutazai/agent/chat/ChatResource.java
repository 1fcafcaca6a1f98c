package ai.sutazai.agent.chat;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestMulti;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.agent.llm.ChatMessage;
import ai.sutazai.commons.problem.ProblemException;

/**
 * Chat with an agent: one JSON answer, or with {@code "stream": true} server-sent events as the
 * agent's backend produces them. No class-level {@code @Produces}: the body decides the media type,
 * so the answer is written as bytes with its own {@code Content-Type}.
 */
@Path("/api/v1/chat")
@Consumes(MediaType.APPLICATION_JSON)
public class ChatResource {

    /** The headers of a JSON answer. */
    public static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of(MediaType.APPLICATION_JSON));

    private final ChatService chat;
    private final TurnLimits limits;
    private final JsonWebToken token;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final AgentConfig.Chat config;

    public ChatResource(ChatService chat, TurnLimits limits, JsonWebToken token, ObjectMapper json, Vertx vertx,
            AgentConfig config) {
        this.chat = chat;
        this.limits = limits;
        this.token = token;
        this.json = json;
        this.vertx = vertx;
        this.config = config.chat();
    }

    @POST
    @Operation(summary = "Chat with an agent: JSON, or server-sent events (start, token..., done | error) "
            + "with \"stream\": true")
    @APIResponse(responseCode = "200", description = "The reply, or its event stream", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChatReply.class)),
            @Content(mediaType = "text/event-stream") })
    public Multi<Buffer> chat(@NotNull @Valid ChatRequest body, @Context HttpServerRequest request) {
        TurnInput input = new TurnInput(body.agentId() != null ? body.agentId() : config.defaultAgent(),
                messages(body), body.conversationId(), true, body.options(), null, body.maxSteps(), List.of());
        Uni<Turn> turn = chat.start(token, input);
        if (Boolean.TRUE.equals(body.stream())) {
            return RestMulti.fromUniResponse(turn, started -> EventStreams.keptAlive(events(started, request), vertx),
                    started -> EventStreams.HEADERS, started -> 200);
        }
        return RestMulti.fromUniResponse(turn.flatMap(started -> started.whole()
                .map(whole -> reply(started, whole.text(), whole.end()))), reply -> Multi.createFrom()
                .item(bytes(reply)), reply -> JSON, reply -> 200);
    }

    private Multi<Buffer> events(Turn turn, HttpServerRequest request) {
        Multi<Buffer> start = Multi.createFrom().item(ChatEvents.event(json, "start",
                new ChatEvents.Start(turn.agentId(), turn.model(), turn.conversationId(), turn.historyAvailable())));
        Multi<Buffer> rest = turn.events().filter(event -> !(event instanceof TurnEvent.ClientToolCalls))
                .map(event -> event instanceof TurnEvent.Finished end
                        ? ChatEvents.event(json, "done", reply(turn, null, end)) : ChatEvents.of(json, event))
                // Headers are sent by now, so a failure is the stream's last event, in the problem format.
                .onFailure().recoverWithItem(failure -> ChatEvents.event(json, "error",
                        EventStreams.problem(failure, request)));
        return Multi.createBy().concatenating().streams(start, rest);
    }

    private static ChatReply reply(Turn turn, String text, TurnEvent.Finished end) {
        return new ChatReply(text, turn.agentId(), turn.model(), turn.conversationId(), end.finishReason(),
                ChatReply.UsageView.of(end.usage()), turn.historyAvailable(), end.historyStored(),
                ChatReply.Recalled.of(turn.recalled()), end.warnings());
    }

    private Buffer bytes(Object value) {
        try {
            return Buffer.buffer(json.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chat replies always serialise", e);
        }
    }

    // A turn's new messages: one "message", or "messages" ending with the user's.
    private List<ChatMessage> messages(ChatRequest body) {
        if (body.message() != null && body.messages() != null) {
            throw ProblemException.invalid("message", "cannot be combined with messages; send one of them");
        }
        if (body.message() != null) {
            List<ChatMessage> one = List.of(new ChatMessage("user", body.message()));
            limits.check(one, "message");
            return one;
        }
        if (body.messages() == null || body.messages().isEmpty()) {
            throw ProblemException.invalid("message", "is required (or messages, a non-empty list)");
        }
        List<ChatMessage> messages = body.messages().stream()
                .map(message -> new ChatMessage(message.role(), message.content())).toList();
        limits.check(messages, null);
        return messages;
    }
}
