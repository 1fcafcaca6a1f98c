package ai.sutazai.agent.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
        return start(Caller.of(token, serviceTokens), input);
    }

    /** Starts a turn acting for {@code caller}; fails with the problem when the agent cannot take it. */
    public Uni<Turn> start(Caller caller, TurnInput input) {
        return registry.findRecent(input.agentId())
                .onFailure(failure -> !(failure instanceof ProblemException)).transform(failure -> ProblemException
                        .unavailable("The agent registry cannot be read (PostgreSQL): " + failure.getMessage(),
                                Duration.ofSeconds(5)))
                .flatMap(found -> {
                    Agent agent = found.orElseThrow(() -> ProblemException.notFound("There is no agent with the id "
                            + input.agentId() + "; GET /api/v1/agents lists them."));
                    refuseIfUnavailable(agent);
                    ConcurrencyLimits.Permit permit = limits.tryAcquire(agent);
                    if (permit == null) {
                        count(agent, "rejected");
                        throw ProblemException.tooManyRequests("Agent " + agent.id() + " is answering "
                                + agent.maxConcurrency() + " chats already, its limit; retry shortly.",
                                Duration.ofSeconds(1));
                    }
                    // Once the reply streams, its end gives the slot back; before that, a failure or a client
                    // that leaves while history is read does.
                    return prepare(caller, agent, input, permit)
                            .onFailure().invoke(permit::release)
                            .onCancellation().invoke(permit::release);
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
        boolean continued = input.conversationId() != null;
        String conversationId = continued ? input.conversationId() : UUID.randomUUID().toString();
        String query = input.messages().get(input.messages().size() - 1).content();
        Uni<TurnMemory.Context> context = input.remember()
                ? memory.load(caller, agent, continued ? conversationId : null, query)
                : Uni.createFrom().item(TurnMemory.Context.NONE);
        return context.map(loaded -> {
            String model = registry.modelOf(agent);
            ChatCall call = new ChatCall(model, Prompts.of(agent, loaded, input.messages()),
                    agent.options().overriddenBy(input.options()));
            boolean store = input.remember() && loaded.historyAvailable();
            // Stored while the backend works, so the turn's own messages cost the first token nothing.
            Uni<Boolean> turnStored = store
                    ? memory.storeTurn(caller, conversationId, agent.id(), input.messages()).memoize().indefinitely()
                    : null;
            ReplyRecorder recorder = new ReplyRecorder(memory, caller, conversationId, agent.id(), model, turnStored);
            Multi<TurnEvent> events = reply(agent, call, recorder, loaded.warnings(), permit);
            if (turnStored != null) {
                events = events.onSubscription().invoke(() -> turnStored.subscribe().with(stored -> { }));
            }
            return new Turn(agent.id(), model, conversationId, loaded.historyAvailable(), loaded.recalled(),
                    loaded.warnings(), events);
        });
    }

    private Multi<TurnEvent> reply(Agent agent, ChatCall call, ReplyRecorder recorder, List<String> warnings,
            ConcurrencyLimits.Permit permit) {
        long started = System.nanoTime();
        return backends.chat(agent, call)
                .onItem().transformToUniAndConcatenate(event -> {
                    if (event instanceof ChatEvent.Token token) {
                        if (recorder.append(token.content())) {
                            Timer.builder("agent.chat.first.token")
                                    .description("Time from a turn's start to its first token").tag("agent", agent.id())
                                    .register(meters).record(Duration.ofNanos(System.nanoTime() - started));
                        }
                        return Uni.createFrom().<TurnEvent> item(new TurnEvent.Token(token.content()));
                    }
                    ChatEvent.Done done = (ChatEvent.Done) event;
                    count(agent, "completed");
                    Uni<Boolean> stored = recorder.end("complete", done.finishReason(), null);
                    return (stored == null ? Uni.createFrom().item(false) : stored)
                            .map(ok -> (TurnEvent) new TurnEvent.Finished(done.finishReason(), done.usage(), ok,
                                    finishWarnings(warnings, recorder, ok)));
                })
                .onFailure().transform(ChatService::asProblem)
                .onFailure().call(failure -> {
                    Uni<Boolean> stored = recorder.end("failed", null, failure.getMessage());
                    if (stored == null) {
                        return Uni.createFrom().voidItem();
                    }
                    count(agent, "failed");
                    return stored.replaceWithVoid();
                })
                .onCancellation().invoke(() -> {
                    if (recorder.end("interrupted", null, null) != null) {
                        count(agent, "cancelled");
                        Log.debugf("A chat with %s was ended by the client", agent.id());
                    }
                })
                .onTermination().invoke(permit::release);
    }

    private static List<String> finishWarnings(List<String> warnings, ReplyRecorder recorder, boolean stored) {
        if (stored || !recorder.keepsHistory()) {
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
