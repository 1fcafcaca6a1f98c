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
import ai.sutazai.agent.llm.ToolCall;
import ai.sutazai.agent.llm.Usage;
import ai.sutazai.agent.memory.Caller;
import ai.sutazai.agent.registry.Agent;
import ai.sutazai.agent.registry.AgentRegistry;
import ai.sutazai.agent.registry.LiveStatus;
import ai.sutazai.agent.tools.ToolCatalogue;
import ai.sutazai.agent.tools.ToolContext;
import ai.sutazai.agent.tools.ToolRunner;
import ai.sutazai.agent.tools.Toolset;
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
    private final ToolCatalogue catalogue;
    private final ToolRunner tools;
    private final AgentConfig.Tools toolConfig;

    public ChatService(AgentRegistry registry, ChatBackends backends, TurnMemory memory, ConcurrencyLimits limits,
            ServiceTokens serviceTokens, MeterRegistry meters, AgentConfig config, ToolCatalogue catalogue,
            ToolRunner tools) {
        this.catalogue = catalogue;
        this.tools = tools;
        this.toolConfig = config.tools();
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
        // Client-supplied tools (OpenAI-compatible API) replace the agent's: the client runs them.
        boolean clientTools = input.clientTools() != null && !input.clientTools().isEmpty();
        Uni<Toolset> toolset = clientTools ? Uni.createFrom().item(Toolset.NONE) : catalogue.forAgent(agent);
        return Uni.combine().all().unis(context, toolset).asTuple().map(both -> {
            TurnMemory.Context loaded = both.getItem1();
            Toolset offered = both.getItem2();
            String model = registry.modelOf(agent);
            List<ChatMessage> prompt = Prompts.of(agent, loaded, input.messages());
            List<String> warnings = loaded.warnings();
            if (!offered.warnings().isEmpty()) {
                // The model is told too, so its answer can say a tool it would need is unavailable.
                prompt.add(prompt.isEmpty() || !"system".equals(prompt.get(0).role()) ? 0 : 1,
                        ChatMessage.system(String.join(" ", offered.warnings())));
                warnings = new ArrayList<>(warnings);
                warnings.addAll(offered.warnings());
                warnings = List.copyOf(warnings);
            }
            ChatCall call = new ChatCall(model, prompt, agent.options().overriddenBy(input.options()),
                    clientTools ? input.clientTools() : offered.definitions());
            ToolLoop loop = new ToolLoop(tools, new ToolContext(caller, agent, input.taskId()), offered,
                    input.maxSteps(), toolConfig);
            boolean store = input.remember() && loaded.historyAvailable();
            // Stored while the backend works, so the turn's own messages cost the first token nothing.
            Uni<Boolean> turnStored = store
                    ? memory.storeTurn(caller, conversationId, agent.id(), input.messages()).memoize().indefinitely()
                    : null;
            ReplyRecorder recorder = new ReplyRecorder(memory, caller, conversationId, agent.id(), model, turnStored);
            Multi<TurnEvent> events = reply(agent, call, recorder, warnings, permit, loop, clientTools);
            if (turnStored != null) {
                events = events.onSubscription().invoke(() -> turnStored.subscribe().with(stored -> { }));
            }
            return new Turn(agent.id(), model, conversationId, loaded.historyAvailable(), loaded.recalled(),
                    warnings, events);
        });
    }

    private Multi<TurnEvent> reply(Agent agent, ChatCall call, ReplyRecorder recorder, List<String> warnings,
            ConcurrencyLimits.Permit permit, ToolLoop loop, boolean clientTools) {
        long started = System.nanoTime();
        return step(agent, call, recorder, warnings, loop, clientTools, started, Usage.NONE)
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

    // One model call; when it asks for tools (and may), their step, then the next model call with their results.
    private Multi<TurnEvent> step(Agent agent, ChatCall call, ReplyRecorder recorder, List<String> warnings,
            ToolLoop loop, boolean clientTools, long started, Usage before) {
        List<ToolCall> asked = new ArrayList<>();
        StringBuilder said = new StringBuilder();
        return backends.chat(agent, call).onItem().transformToMultiAndConcatenate(event -> {
            if (event instanceof ChatEvent.Token token) {
                said.append(token.content());
                if (recorder.append(token.content())) {
                    Timer.builder("agent.chat.first.token")
                            .description("Time from a turn's start to its first token").tag("agent", agent.id())
                            .register(meters).record(Duration.ofNanos(System.nanoTime() - started));
                }
                return Multi.createFrom().<TurnEvent> item(new TurnEvent.Token(token.content()));
            }
            if (event instanceof ChatEvent.ToolCalls calls) {
                asked.addAll(calls.calls());
                return Multi.createFrom().<TurnEvent> empty();
            }
            ChatEvent.Done done = (ChatEvent.Done) event;
            Usage usage = sum(before, done.usage());
            if (asked.isEmpty()) {
                return finish(agent, recorder, done.finishReason(), usage, warnings).toMulti();
            }
            if (clientTools) {
                return Multi.createBy().concatenating().streams(
                        Multi.createFrom().<TurnEvent> item(new TurnEvent.ClientToolCalls(List.copyOf(asked))),
                        finish(agent, recorder, "tool_calls", usage, warnings).toMulti());
            }
            if (!loop.active()) {
                // A model that asks for tools an agent without tools does not have: its answer is what it said.
                return finish(agent, recorder, done.finishReason(), usage, warnings).toMulti();
            }
            String stop = loop.stopReason();
            if (stop != null) {
                List<String> all = new ArrayList<>(warnings);
                all.add(loop.stopWarning(stop));
                return finish(agent, recorder, stop, usage, List.copyOf(all)).toMulti();
            }
            List<ChatMessage> next = new ArrayList<>(call.messages());
            next.add(ChatMessage.assistantCalls(said.toString(), asked));
            Multi<TurnEvent> tools = loop.step(List.copyOf(asked), next);
            Multi<TurnEvent> then = Multi.createFrom().deferred(() -> step(agent, call.withMessages(next), recorder,
                    warnings, loop, false, started, usage));
            return Multi.createBy().concatenating().streams(tools, then);
        });
    }

    private Uni<TurnEvent> finish(Agent agent, ReplyRecorder recorder, String finishReason, Usage usage,
            List<String> warnings) {
        count(agent, "completed");
        countTokens(agent, "prompt", usage.promptTokens());
        countTokens(agent, "completion", usage.completionTokens());
        Uni<Boolean> stored = recorder.end("complete", finishReason, null);
        return (stored == null ? Uni.createFrom().item(false) : stored)
                .map(ok -> (TurnEvent) new TurnEvent.Finished(finishReason, usage, ok,
                        finishWarnings(warnings, recorder, ok)));
    }

    // What all the model calls of a turn cost together.
    private static Usage sum(Usage before, Usage after) {
        if (before == Usage.NONE) {
            return after;
        }
        return new Usage(add(before.promptTokens(), after.promptTokens()),
                add(before.completionTokens(), after.completionTokens()),
                add(before.totalDurationMs(), after.totalDurationMs()), add(before.loadDurationMs(), after.loadDurationMs()),
                add(before.promptEvalDurationMs(), after.promptEvalDurationMs()),
                add(before.evalDurationMs(), after.evalDurationMs()));
    }

    // Boxed on purpose: a ternary over a + b would unbox a null.
    private static Integer add(Integer a, Integer b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Integer.valueOf(a + b);
    }

    private static Long add(Long a, Long b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Long.valueOf(a + b);
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

    // Tokens the backend reported for a completed turn (none when it reports no usage): the agents dashboard's tokens/s.
    private void countTokens(Agent agent, String kind, Integer tokens) {
        if (tokens != null) {
            Counter.builder("agent.chat.tokens").description("Tokens of completed chat turns, by kind (prompt, completion)")
                    .tags("agent", agent.id(), "kind", kind).register(meters).increment(tokens);
        }
    }

    private void count(Agent agent, String outcome) {
        Counter.builder("agent.chat.turns").description("Chat turns by how they ended")
                .tags("agent", agent.id(), "outcome", outcome).register(meters).increment();
    }
}
