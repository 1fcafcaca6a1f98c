package ai.sutazai.agent.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.agent.llm.ChatBackends;
import ai.sutazai.agent.llm.ChatCall;
import ai.sutazai.agent.llm.ChatEvent;
import ai.sutazai.agent.llm.ChatMessage;
import ai.sutazai.agent.memory.Caller;
import ai.sutazai.agent.registry.Agent;
import ai.sutazai.agent.registry.AgentRegistry;
import ai.sutazai.agent.registry.LiveStatus;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.commons.security.ServiceTokens;

/**
 * A chat turn from request to stored reply: the chosen agent (refused at once when it is unknown,
 * disabled, down or at its concurrency limit), its history and memories, its model, system prompt
 * and options sent to its backend, the reply passed on token by token, then stored.
 */
@ApplicationScoped
public class ChatService {

    private final AgentRegistry registry;
    private final ChatBackends backends;
    private final TurnMemory memory;
    private final ConcurrencyLimits limits;
    private final ServiceTokens serviceTokens;
    private final MeterRegistry meters;
    private final Duration statusInterval;

    public ChatService(AgentRegistry registry, ChatBackends backends, TurnMemory memory, ConcurrencyLimits limits,
            ServiceTokens serviceTokens, MeterRegistry meters, AgentConfig config) {
        this.registry = registry;
        this.backends = backends;
        this.memory = memory;
        this.limits = limits;
        this.serviceTokens = serviceTokens;
        this.meters = meters;
        this.statusInterval = config.status().interval();
    }

    /** Starts a turn for the caller of {@code token}; fails with the problem when the agent cannot take it. */
    public Uni<Turn> start(JsonWebToken token, TurnInput input) {
        return registry.find(input.agentId()).flatMap(found -> {
            Agent agent = found.orElseThrow(() -> ProblemException.notFound(
                    "There is no agent with the id " + input.agentId() + "; GET /api/v1/agents lists them."));
            refuseIfUnavailable(agent);
            ConcurrencyLimits.Permit permit = limits.tryAcquire(agent);
            if (permit == null) {
                count(agent, "rejected");
                throw ProblemException.tooManyRequests("Agent " + agent.id() + " is answering "
                        + agent.maxConcurrency() + " chats already, its limit; retry shortly.", Duration.ofSeconds(1));
            }
            return prepare(Caller.of(token, serviceTokens), agent, input, permit)
                    .onFailure().invoke(permit::release);
        });
    }

    private void refuseIfUnavailable(Agent agent) {
        if (!agent.enabled()) {
            count(agent, "rejected");
            throw ProblemException.unavailable("Agent " + agent.id() + " is disabled; an admin can enable it.",
                    Duration.ofMinutes(1));
        }
        LiveStatus status = registry.status(agent.id());
        if (status.state() == LiveStatus.State.DOWN) {
            count(agent, "rejected");
            throw ProblemException.unavailable("Agent " + agent.id() + " is down (" + status.lastError()
                    + "); it is checked again every " + statusInterval.toSeconds() + " s.", statusInterval);
        }
    }

    private Uni<Turn> prepare(Caller caller, Agent agent, TurnInput input, ConcurrencyLimits.Permit permit) {
        String conversationId = input.conversationId() != null ? input.conversationId() : UUID.randomUUID().toString();
        String query = input.messages().get(input.messages().size() - 1).content();
        Uni<TurnMemory.Context> context = input.remember() ? memory.load(caller, agent, conversationId, query)
                : Uni.createFrom().item(TurnMemory.Context.NONE);
        return context.map(loaded -> {
            String model = registry.modelOf(agent);
            ChatCall call = new ChatCall(model, Prompts.of(agent, loaded, input.messages()),
                    agent.options().overriddenBy(input.options()));
            boolean store = input.remember() && loaded.historyAvailable();
            // Stored while the backend works, so the turn's own messages cost the first token nothing.
            Uni<Boolean> turnStored = store
                    ? memory.storeTurn(caller, conversationId, agent.id(), input.messages()).memoize().indefinitely()
                    : Uni.createFrom().item(false);
            if (store) {
                turnStored.subscribe().with(stored -> { });
            }
            Multi<TurnEvent> events = reply(caller, agent, model, conversationId, call, store, turnStored,
                    loaded.warnings(), permit);
            return new Turn(agent.id(), model, conversationId, loaded.historyAvailable(), loaded.recalled(),
                    loaded.warnings(), events);
        });
    }

    private Multi<TurnEvent> reply(Caller caller, Agent agent, String model, String conversationId, ChatCall call,
            boolean store, Uni<Boolean> turnStored, List<String> warnings, ConcurrencyLimits.Permit permit) {
        StringBuilder reply = new StringBuilder();
        AtomicBoolean finished = new AtomicBoolean();
        long started = System.nanoTime();
        Timer firstToken = Timer.builder("agent.chat.first.token").description("Time from a turn's start to its first token")
                .tag("agent", agent.id()).register(meters);
        return backends.chat(agent, call)
                .onItem().transformToUniAndConcatenate(event -> {
                    if (event instanceof ChatEvent.Token token) {
                        if (reply.isEmpty()) {
                            firstToken.record(Duration.ofNanos(System.nanoTime() - started));
                        }
                        reply.append(token.content());
                        return Uni.createFrom().<TurnEvent> item(new TurnEvent.Token(token.content()));
                    }
                    ChatEvent.Done done = (ChatEvent.Done) event;
                    finished.set(true);
                    Map<String, Object> ending = ending("complete", model, done.finishReason(), null);
                    Uni<Boolean> stored = store ? turnStored.flatMap(ok -> ok
                            ? memory.storeReply(caller, conversationId, agent.id(), reply.toString(), ending)
                            : Uni.createFrom().item(false)) : Uni.createFrom().item(false);
                    return stored.map(ok -> (TurnEvent) new TurnEvent.Finished(done.finishReason(), done.usage(), ok,
                            finishWarnings(warnings, store, ok)));
                })
                .onFailure().transform(ChatService::asProblem)
                .onFailure().call(failure -> {
                    count(agent, "failed");
                    return store ? keepPartial(caller, conversationId, agent.id(), reply, turnStored,
                            ending("failed", model, null, failure.getMessage())) : Uni.createFrom().voidItem();
                })
                .onCompletion().invoke(() -> count(agent, "completed"))
                .onCancellation().invoke(() -> {
                    if (!finished.get()) {
                        count(agent, "cancelled");
                        Log.debugf("Chat with %s in conversation %s ended by the client", agent.id(), conversationId);
                        if (store) {
                            keepPartial(caller, conversationId, agent.id(), reply, turnStored,
                                    ending("interrupted", model, null, null)).subscribe().with(done -> { });
                        }
                    }
                })
                .onTermination().invoke(permit::release);
    }

    // What was said before the answer broke off is stored too, marked, so the history shows what the user saw.
    private Uni<Void> keepPartial(Caller caller, String conversationId, String agentId, StringBuilder reply,
            Uni<Boolean> turnStored, Map<String, Object> ending) {
        if (reply.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return turnStored.flatMap(ok -> ok ? memory.storeReply(caller, conversationId, agentId, reply.toString(), ending)
                : Uni.createFrom().item(false)).replaceWithVoid();
    }

    private static Map<String, Object> ending(String status, String model, String finishReason, String error) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("status", status);
        if (model != null) {
            metadata.put("model", model);
        }
        if (finishReason != null) {
            metadata.put("finishReason", finishReason);
        }
        if (error != null) {
            metadata.put("error", error);
        }
        return metadata;
    }

    private static List<String> finishWarnings(List<String> warnings, boolean store, boolean stored) {
        if (!store || stored) {
            return warnings;
        }
        List<String> all = new ArrayList<>(warnings);
        all.add("memory-service did not take this turn: it is not stored in the conversation's history.");
        return List.copyOf(all);
    }

    /** Whatever broke inside a turn, as the problem the client sees: never a bare exception. */
    public static ProblemException asProblem(Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        Log.warnf(failure, "A chat turn failed unexpectedly");
        return new ProblemException(ProblemType.BAD_GATEWAY, "The agent's answer broke off: " + failure.getMessage());
    }

    private void count(Agent agent, String outcome) {
        Counter.builder("agent.chat.turns").description("Chat turns by how they ended")
                .tags("agent", agent.id(), "outcome", outcome).register(meters).increment();
    }
}
