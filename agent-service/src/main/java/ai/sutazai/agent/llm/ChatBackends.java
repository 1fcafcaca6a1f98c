package ai.sutazai.agent.llm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

import ai.sutazai.agent.registry.Agent;

/**
 * Where each agent's answers come from: {@code llm} personas from the platform's backend,
 * {@code openai} agents from their own server, {@code http} agents by the old platform's contract,
 * {@code a2a} agents from their A2A server (v1.0 or v0.3, as their card said); and the one check
 * per kind behind live status.
 */
@ApplicationScoped
public class ChatBackends {

    private static final ChatDialect OPENAI_DIALECT = new OpenAiDialect();
    private static final ChatDialect LEGACY_DIALECT = new LegacyAgentDialect();

    private final BackendHttp http;
    private final PlatformBackend platform;
    private final ModelCatalogue catalogue;
    private final A2aCards cards;

    public ChatBackends(BackendHttp http, PlatformBackend platform, ModelCatalogue catalogue, A2aCards cards) {
        this.http = http;
        this.platform = platform;
        this.catalogue = catalogue;
        this.cards = cards;
    }

    /**
     * The agent's answer to {@code call}, token by token as its backend sends it. It completes with
     * the {@code Done} event: whatever the backend does after that is no longer the answer's. It fails
     * with the problem for the backend's failure ({@link LlmFailure}: 502 for an error it reports,
     * 503 when it cannot be reached, 504 per timed-out phase). Cancelling the stream aborts the call.
     */
    public Multi<ChatEvent> chat(Agent agent, ChatCall call) {
        Endpoint endpoint = endpointOf(agent);
        ChatDialect dialect = dialectOf(agent);
        ChatDialect.Parser parser = dialect.parser(endpoint);
        Multi<ChatEvent> events = http.stream(endpoint, dialect.chatPath(), dialect.headers(), dialect.body(call),
                        dialect.framing())
                .onItem().transformToIterable(payload -> parsed(endpoint, () -> parser.accept(payload)))
                .onCompletion().switchTo(() -> Multi.createFrom().iterable(parsed(endpoint, parser::end)));
        return untilDone(events);
    }

    /**
     * One live-status check of {@code agent}: its backend answers and, for a persona, serves its
     * model. {@code platformModels} is the round's one look at the platform backend's models.
     */
    public Uni<Void> check(Agent agent, String model, Uni<List<ModelInfo>> platformModels, Duration timeout) {
        Endpoint endpoint = endpointOf(agent);
        return switch (agent.kind()) {
            case LLM -> platformModels.invoke(models -> requireServed(models, model, endpoint)).replaceWithVoid();
            case OPENAI -> catalogue.openAiModels(endpoint, timeout).invoke(served -> {
                if (!served.isEmpty()) {
                    requireServed(served, model, endpoint);
                }
            }).replaceWithVoid();
            case HTTP -> http.getJson(endpoint, "/health", timeout).invoke(health -> {
                Object status = health.getValue("status");
                if ("degraded".equals(status) || "unhealthy".equals(status) || "down".equals(status)) {
                    throw LlmFailure.broken(endpoint, "reports itself " + status + ".");
                }
            }).replaceWithVoid();
            // An A2A server is up when it serves its card (a card that is no longer one fails too).
            case A2A -> cards.read(new Endpoint(agent.baseUrl(), agent.apiKey(), a2aLabel(agent)), timeout)
                    .replaceWithVoid();
        };
    }

    private static String a2aLabel(Agent agent) {
        return "the A2A server of agent " + agent.id();
    }

    private Endpoint endpointOf(Agent agent) {
        return switch (agent.kind()) {
            case LLM -> platform.endpoint();
            case OPENAI -> new Endpoint(agent.baseUrl(), agent.apiKey(), "the server of agent " + agent.id());
            case HTTP -> new Endpoint(agent.baseUrl(), null, "agent " + agent.id());
            case A2A -> new Endpoint(agent.a2a().rpcUrl(), agent.apiKey(), a2aLabel(agent));
        };
    }

    private ChatDialect dialectOf(Agent agent) {
        return switch (agent.kind()) {
            case LLM -> platform.dialect();
            case OPENAI -> OPENAI_DIALECT;
            case HTTP -> LEGACY_DIALECT;
            case A2A -> new A2aDialect(agent.a2a());
        };
    }

    // Passes events on up to Done, then completes; the backend's stream is left to end by itself, so
    // its connection stays reusable, and a later failure of it (a timeout after Done) reaches nobody.
    private static Multi<ChatEvent> untilDone(Multi<ChatEvent> events) {
        return Multi.createFrom().emitter(emitter -> {
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Cancellable> upstream = new AtomicReference<>();
            emitter.onTermination(() -> {
                Cancellable subscription = upstream.get();
                if (!done.get() && subscription != null) {
                    subscription.cancel();
                }
            });
            upstream.set(events.subscribe().with(event -> {
                if (done.get()) {
                    return;
                }
                emitter.emit(event);
                if (event instanceof ChatEvent.Done) {
                    done.set(true);
                    emitter.complete();
                }
            }, emitter::fail, emitter::complete));
            if (emitter.isCancelled() && !done.get()) {
                upstream.get().cancel();
            }
        });
    }

    // A payload of the wrong shape (a number where text belongs) is the backend's fault, never our 500.
    private static <T> T parsed(Endpoint endpoint, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (LlmFailure failure) {
            throw failure;
        } catch (RuntimeException e) {
            throw LlmFailure.broken(endpoint, "sent an answer of an unexpected shape.");
        }
    }

    // Ollama names a model "name:tag" and takes a bare "name" as "name:latest".
    private static void requireServed(List<ModelInfo> models, String model, Endpoint endpoint) {
        String wanted = withTag(model);
        if (models.stream().noneMatch(served -> withTag(served.id()).equals(wanted))) {
            throw LlmFailure.broken(endpoint, "does not serve the model " + model + " (pull it, or choose another).");
        }
    }

    static String withTag(String model) {
        return model.contains(":") ? model : model + ":latest";
    }
}
