package ai.sutazai.agent.openai;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.chat.ChatResource;
import ai.sutazai.agent.chat.ChatService;
import ai.sutazai.agent.chat.EventStreams;
import ai.sutazai.agent.chat.Turn;
import ai.sutazai.agent.chat.TurnEvent;
import ai.sutazai.agent.chat.TurnInput;
import ai.sutazai.agent.chat.TurnLimits;
import ai.sutazai.agent.llm.ChatMessage;
import ai.sutazai.agent.llm.Usage;
import ai.sutazai.agent.registry.Agent;
import ai.sutazai.agent.registry.AgentRegistry;
import ai.sutazai.agent.registry.GenerationOptions;
import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemExceptionMappers;

/**
 * OpenAI's Chat Completions and Models API over the platform's agents, so OpenAI SDKs, Open WebUI,
 * LangChain or LibreChat talk to them unchanged: the SDK's base URL is
 * {@code <gateway>/api/v1/openai}, its API key a personal access token, and {@code model} an agent
 * id. Stateless like OpenAI's: the client sends the whole conversation; nothing goes to history.
 */
@Path("/api/v1/openai")
public class OpenAiResource {

    private static final ProblemExceptionMappers PROBLEMS = new ProblemExceptionMappers();
    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

    private final ChatService chat;
    private final TurnLimits limits;
    private final AgentRegistry registry;
    private final JsonWebToken token;
    private final Vertx vertx;

    public OpenAiResource(ChatService chat, TurnLimits limits, AgentRegistry registry, JsonWebToken token,
            Vertx vertx) {
        this.chat = chat;
        this.limits = limits;
        this.registry = registry;
        this.token = token;
        this.vertx = vertx;
    }

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "OpenAI Chat Completions with an agent as the model; streams chat.completion.chunk "
            + "events ending in data: [DONE] with \"stream\": true")
    public Multi<Buffer> completions(@NotNull @Valid CompletionRequest body, @Context HttpServerRequest request) {
        List<ChatMessage> messages = messages(body.messages());
        limits.check(messages, null);
        Uni<Turn> turn = chat.start(token, new TurnInput(body.model(), messages, null, false,
                new GenerationOptions(body.temperature(), body.tokenLimit(), null), null, null,
                OpenAiTools.definitions(body.tools())));
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        if (Boolean.TRUE.equals(body.stream())) {
            Chunks chunks = new Chunks(id, created, body.model(), body.includeUsage());
            return RestMulti.fromUniResponse(turn,
                    started -> EventStreams.keptAlive(stream(started, chunks, request), vertx),
                    started -> EventStreams.HEADERS, started -> 200);
        }
        return RestMulti.fromUniResponse(turn.flatMap(started -> completion(started, id, created, body.model())),
                completion -> Multi.createFrom().item(completion.toBuffer()),
                completion -> ChatResource.JSON, completion -> 200);
    }

    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The enabled agents, as OpenAI models")
    public Uni<String> models() {
        return registry.all().map(agents -> {
            JsonArray data = new JsonArray();
            agents.stream().filter(Agent::enabled).forEach(agent -> data.add(asModel(agent)));
            return new JsonObject().put("object", "list").put("data", data).encode();
        });
    }

    @GET
    @Path("/models/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One enabled agent, as an OpenAI model")
    public Uni<String> model(@PathParam("id") String id) {
        return registry.find(id).map(found -> found.filter(Agent::enabled).map(agent -> asModel(agent).encode())
                .orElseThrow(() -> ProblemException.notFound("The model " + id + " does not exist: it is not the id "
                        + "of an enabled agent.")));
    }

    private Multi<Buffer> stream(Turn turn, Chunks chunks, HttpServerRequest request) {
        Multi<Buffer> first = Multi.createFrom().item(chunks.data(chunks.role()));
        Multi<Buffer> rest = turn.events().onItem().transformToIterable(event -> {
            if (event instanceof TurnEvent.Token token) {
                return List.of(chunks.data(chunks.content(token.content())));
            }
            if (event instanceof TurnEvent.ClientToolCalls calls) {
                return List.of(chunks.data(chunks.toolCalls(calls.calls())));
            }
            // The platform's own tool steps have no place in OpenAI's stream: the answer after them does.
            if (!(event instanceof TurnEvent.Finished end)) {
                return List.<Buffer> of();
            }
            List<Buffer> closing = new ArrayList<>();
            closing.add(chunks.data(chunks.finish(end.finishReason())));
            if (chunks.includeUsage()) {
                closing.add(chunks.data(chunks.usage(usage(end.usage()))));
            }
            closing.add(DONE);
            return closing;
        })
                // An error mid-stream is OpenAI's error object as the last data, with no [DONE] after it.
                .onFailure().recoverWithItem(failure -> chunks.data(OpenAiErrors.of(EventStreams.problem(failure, request))));
        return Multi.createBy().concatenating().streams(first, rest);
    }

    private static Uni<JsonObject> completion(Turn turn, String id, long created, String model) {
        return turn.whole().map(whole -> {
            JsonObject message = new JsonObject().put("role", "assistant");
            if (whole.clientToolCalls().isEmpty()) {
                message.put("content", whole.text());
            } else {
                // As OpenAI answers calls: content null unless the model also said something.
                message.put("content", whole.text().isEmpty() ? null : whole.text())
                        .put("tool_calls", OpenAiTools.calls(whole.clientToolCalls(), false));
            }
            return new JsonObject().put("id", id).put("object", "chat.completion")
                    .put("created", created).put("model", model)
                    .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("message", message)
                            .putNull("logprobs").put("finish_reason", whole.end().finishReason())))
                    .put("usage", usage(whole.end().usage()));
        });
    }

    private static JsonObject usage(Usage usage) {
        int prompt = usage.promptTokens() == null ? 0 : usage.promptTokens();
        int completion = usage.completionTokens() == null ? 0 : usage.completionTokens();
        return new JsonObject().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
    }

    private static JsonObject asModel(Agent agent) {
        return new JsonObject().put("id", agent.id()).put("object", "model")
                .put("created", agent.createdAt().getEpochSecond()).put("owned_by", "sutazai");
    }

    // Content is a string or a list of parts; text parts are joined, anything else cannot be answered.
    // An assistant's content may be null (OpenAI allows it beside tool calls): it counts as empty.
    private static List<ChatMessage> messages(List<CompletionRequest.Message> given) {
        List<ChatMessage> messages = new ArrayList<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            CompletionRequest.Message message = given.get(i);
            String role = "developer".equals(message.role()) ? "system" : message.role();
            String text = message.content() == null || message.content().isNull()
                    ? ("assistant".equals(role) ? "" : null) : text(message.content());
            if (text == null) {
                errors.add(new Problem.FieldError("messages[" + i + "].content",
                        "must be a string or a list of text parts ({\"type\": \"text\", \"text\": ...})"));
            } else if ("assistant".equals(role) && message.toolCalls() != null && !message.toolCalls().isEmpty()) {
                messages.add(ChatMessage.assistantCalls(text, OpenAiTools.read(message.toolCalls(), i)));
            } else if ("tool".equals(role)) {
                if (message.toolCallId() == null) {
                    errors.add(new Problem.FieldError("messages[" + i + "].tool_call_id", "is required for a tool message"));
                } else {
                    messages.add(new ChatMessage("tool", text, List.of(), message.toolCallId(),
                            toolName(messages, message.toolCallId())));
                }
            } else {
                messages.add(new ChatMessage(role, text));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return messages;
    }

    // The name of the tool a result answers, from the assistant message that called it (Ollama wants it).
    private static String toolName(List<ChatMessage> earlier, String callId) {
        for (int i = earlier.size() - 1; i >= 0; i--) {
            for (ai.sutazai.agent.llm.ToolCall call : earlier.get(i).toolCalls()) {
                if (callId.equals(call.id())) {
                    return call.name();
                }
            }
        }
        return null;
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                return null;
            }
            text.append(part.get("text").asText());
        }
        return text.toString();
    }

    /** Every error of this API in OpenAI's shape: the suite's problem, translated. */
    @ServerExceptionMapper
    public Response openAiError(Throwable failure, HttpServerRequest request) {
        Response problem;
        if (failure instanceof ProblemException known) {
            problem = PROBLEMS.problem(known, request);
        } else if (failure instanceof ConstraintViolationException violation) {
            problem = PROBLEMS.constraintViolation(violation, request);
        } else if (failure instanceof JsonProcessingException json) {
            problem = PROBLEMS.malformedJson(json, request);
        } else if (failure instanceof WebApplicationException web) {
            problem = PROBLEMS.webApplication(web, request);
        } else if (failure instanceof UnauthorizedException) {
            problem = PROBLEMS.unauthorized((RuntimeException) failure, request);
        } else if (failure instanceof ForbiddenException forbidden) {
            problem = PROBLEMS.forbidden(forbidden, request);
        } else {
            problem = PROBLEMS.unexpected(failure, request);
        }
        Response.ResponseBuilder answer = OpenAiErrors.response((Problem) problem.getEntity());
        problem.getStringHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name)) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        return answer.build();
    }
}
