package ai.sutazai.agent.chat;

import java.util.ArrayList;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.agent.llm.ChatMessage;
import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.Problems;

/**
 * Chat with an agent: one JSON answer, or with {@code "stream": true} server-sent events as the
 * agent's backend produces them. No class-level {@code @Produces}: the body decides the media type,
 * so the answer is written as bytes with its own {@code Content-Type}.
 */
@Path("/api/v1/chat")
@Consumes(MediaType.APPLICATION_JSON)
public class ChatResource {

    static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of(MediaType.APPLICATION_JSON));
    // no-cache and X-Accel-Buffering keep proxies (Kong, nginx) from holding events back.
    static final Map<String, List<String>> EVENT_STREAM = Map.of("Content-Type", List.of("text/event-stream"),
            "Cache-Control", List.of("no-cache"), "X-Accel-Buffering", List.of("no"));

    private final ChatService chat;
    private final JsonWebToken token;
    private final ObjectMapper json;
    private final AgentConfig.Chat config;

    public ChatResource(ChatService chat, JsonWebToken token, ObjectMapper json, AgentConfig config) {
        this.chat = chat;
        this.token = token;
        this.json = json;
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
                messages(body), body.conversationId(), true, body.options());
        Uni<Turn> turn = chat.start(token, input);
        if (Boolean.TRUE.equals(body.stream())) {
            return RestMulti.fromUniResponse(turn, started -> events(started, request), started -> EVENT_STREAM,
                    started -> 200);
        }
        return RestMulti.fromUniResponse(turn.flatMap(started -> started.whole()
                .map(whole -> reply(started, whole.text(), whole.end()))), reply -> Multi.createFrom()
                .item(bytes(reply)), reply -> JSON, reply -> 200);
    }

    private Multi<Buffer> events(Turn turn, HttpServerRequest request) {
        Multi<Buffer> start = Multi.createFrom().item(ChatEvents.event(json, "start",
                new ChatEvents.Start(turn.agentId(), turn.model(), turn.conversationId(), turn.historyAvailable())));
        Multi<Buffer> rest = turn.events().map(event -> event instanceof TurnEvent.Token token
                ? ChatEvents.event(json, "token", new ChatEvents.Token(token.content()))
                : ChatEvents.event(json, "done", reply(turn, null, (TurnEvent.Finished) event)))
                // Headers are sent by now, so a failure is the stream's last event, in the problem format.
                .onFailure().recoverWithItem(failure -> ChatEvents.event(json, "error", problem(failure, request)));
        return Multi.createBy().concatenating().streams(start, rest);
    }

    private static ChatReply reply(Turn turn, String text, TurnEvent.Finished end) {
        return new ChatReply(text, turn.agentId(), turn.model(), turn.conversationId(), end.finishReason(),
                ChatReply.UsageView.of(end.usage()), turn.historyAvailable(), end.historyStored(),
                ChatReply.Recalled.of(turn.recalled()), end.warnings());
    }

    private static Problem problem(Throwable failure, HttpServerRequest request) {
        ProblemException problem = ChatService.asProblem(failure);
        return Problems.of(problem.type(), problem.getMessage(), request, problem.errors());
    }

    private Buffer bytes(Object value) {
        try {
            return Buffer.buffer(json.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chat replies always serialise", e);
        }
    }

    // A turn's new messages: one "message", or "messages" ending with the user's; bounds from configuration.
    private List<ChatMessage> messages(ChatRequest body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<ChatMessage> messages = new ArrayList<>();
        if (body.message() != null && body.messages() != null) {
            errors.add(new Problem.FieldError("message", "cannot be combined with messages; send one of them"));
        } else if (body.message() != null) {
            checkContent("message", body.message(), true, errors);
            messages.add(new ChatMessage("user", body.message()));
        } else if (body.messages() == null || body.messages().isEmpty()) {
            errors.add(new Problem.FieldError("message", "is required (or messages, a non-empty list)"));
        } else if (body.messages().size() > config.maxMessages()) {
            errors.add(new Problem.FieldError("messages", "must hold at most " + config.maxMessages() + " messages"));
        } else {
            List<ChatRequest.Message> given = body.messages();
            for (int i = 0; i < given.size(); i++) {
                boolean last = i == given.size() - 1;
                checkContent("messages[" + i + "].content", given.get(i).content(), last, errors);
                messages.add(new ChatMessage(given.get(i).role(), given.get(i).content()));
            }
            if (!"user".equals(given.get(given.size() - 1).role())) {
                errors.add(new Problem.FieldError("messages[" + (given.size() - 1) + "].role",
                        "must be user: a turn ends with the user's message"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return List.copyOf(messages);
    }

    private void checkContent(String field, String content, boolean mustHaveText, List<Problem.FieldError> errors) {
        if (mustHaveText && content.isBlank()) {
            errors.add(new Problem.FieldError(field, "must not be blank"));
        } else if (content.length() > config.maxMessageLength()) {
            errors.add(new Problem.FieldError(field, "must be at most " + config.maxMessageLength()
                    + " characters (it has " + content.length() + ")"));
        }
    }
}
