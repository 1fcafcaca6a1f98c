package ai.sutazai.agent.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;

import ai.sutazai.agent.chat.ChatEvents;
import ai.sutazai.agent.chat.ChatReply;
import ai.sutazai.agent.chat.ChatService;
import ai.sutazai.agent.chat.TurnEvent;
import ai.sutazai.agent.chat.TurnInput;
import ai.sutazai.agent.llm.ChatMessage;
import ai.sutazai.agent.llm.LlmFailure;
import ai.sutazai.agent.memory.Caller;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;

/**
 * One attempt of a claimed task: a turn with its agent, the answer stored as chunk events (gathered
 * for {@code chunkInterval}), and one ending — completed, failed, retried with backoff, dead,
 * canceled, or handed back. Every write carries the claim's lease token; once one is refused, the
 * attempt stops without writing more.
 */
final class TaskRun {

    /** What the worker needs to run attempts. */
    record Context(ChatService chat, QueueRepository queue, EndingBatcher endings, TaskSignals signals,
            BooleanSupplier stopping, Backoff backoff, Duration chunkInterval, Vertx vertx,
            Function<String, Caller> callers, MeterRegistry meters) {

        /** Counts an attempt's ending: completed, failed, dead, canceled, retried or released. */
        void count(String agentId, String ending) {
            Counter.builder("agent.tasks.ended").description("Task attempts by how they ended")
                    .tags("agent", agentId, "ending", ending).register(meters).increment();
        }
    }

    private final Task task;
    private final Context context;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder whole = new StringBuilder();
    private final AtomicBoolean ending = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    // Writes of this attempt, one after another so events keep their order.
    private CompletionStage<Boolean> writes = CompletableFuture.completedFuture(true);
    private boolean flushScheduled;
    private Cancellable turn;

    TaskRun(Task task, Context context) {
        this.task = task;
        this.context = context;
    }

    Task task() {
        return task;
    }

    /** Completes once the attempt's ending is stored (or refused). */
    CompletableFuture<Void> done() {
        return done;
    }

    /** Starts the attempt. */
    TaskRun start() {
        // The turn knows its task: a delegate tool call makes its work a child of this task.
        TurnInput input = new TurnInput(task.agentId(), messages(task.input()), null, false, null, task.id(), null,
                List.of());
        context.chat().start(context.callers().apply(task.ownerId()), input).subscribe().with(started -> {
            synchronized (this) {
                if (ending.get()) {
                    return;
                }
                turn = started.events().subscribe().with(this::onEvent, this::onFailure);
            }
        }, this::onFailure);
        return this;
    }

    private void onEvent(TurnEvent event) {
        if (event instanceof TurnEvent.Token token) {
            synchronized (this) {
                pending.append(token.content());
                whole.append(token.content());
                if (!flushScheduled) {
                    flushScheduled = true;
                    context.vertx().setTimer(context.chunkInterval().toMillis(), id -> flush());
                }
            }
            return;
        }
        if (event instanceof TurnEvent.ToolCallStarted call) {
            record("tool_call", new JsonObject().put("step", call.step()).put("id", call.id()).put("name", call.name())
                    .put("arguments", ChatEvents.arguments(call.arguments())));
            return;
        }
        if (event instanceof TurnEvent.ToolResult result) {
            record("tool_result", new JsonObject().put("step", result.step()).put("id", result.id())
                    .put("name", result.name()).put("error", result.error()).put("content", result.content())
                    .put("durationMs", result.durationMs()));
            return;
        }
        if (!(event instanceof TurnEvent.Finished finished)) {
            return;
        }
        JsonObject result = new JsonObject().put("text", whole.toString()).put("finishReason", finished.finishReason())
                .put("usage", JsonObject.mapFrom(ChatReply.UsageView.of(finished.usage())));
        end(new QueueRepository.Ending(TaskState.COMPLETED, result, null, null, "completed", null));
    }

    private synchronized void flush() {
        flushScheduled = false;
        if (pending.isEmpty() || ending.get()) {
            return;
        }
        String text = pending.toString();
        pending.setLength(0);
        write("chunk", new JsonObject().put("text", text));
    }

    // A tool step as an event, after the answer text before it (so events keep the turn's order).
    private synchronized void record(String kind, JsonObject data) {
        if (ending.get()) {
            return;
        }
        flush();
        write(kind, data);
    }

    private synchronized void write(String kind, JsonObject data) {
        writes = writes.thenCompose(held -> !held ? CompletableFuture.completedFuture(false)
                : context.queue().event(task.id(), task.leaseToken(), kind, data).subscribeAsCompletionStage())
                .thenApply(held -> {
                    if (held) {
                        context.signals().changed(task.id());
                    } else {
                        lost();
                    }
                    return held;
                });
    }

    private void onFailure(Throwable failure) {
        if (context.stopping().getAsBoolean()) {
            // The replica is shutting down and its connections with it: another replica runs the task.
            release();
            return;
        }
        ProblemException problem = ChatService.asProblem(failure);
        if (problem.type() == ProblemType.TOO_MANY_REQUESTS) {
            // The agent's slots on this replica are taken by chats: the task waits its turn, no attempt spent.
            end(new QueueRepository.Ending(TaskState.SUBMITTED, null, null, Duration.ofSeconds(1), null, null));
            return;
        }
        boolean retryable = failure instanceof LlmFailure llm ? llm.retryable() : problem.type().status() >= 500;
        if (!retryable) {
            end(new QueueRepository.Ending(TaskState.FAILED, null, problem.getMessage(), null, "failed", null));
        } else if (task.attempts() >= task.maxAttempts()) {
            end(new QueueRepository.Ending(TaskState.DEAD, null, problem.getMessage(), null, "failed", null));
        } else {
            end(new QueueRepository.Ending(TaskState.SUBMITTED, null, problem.getMessage(),
                    context.backoff().after(task.attempts()), "failed", null));
        }
    }

    /** Stops the attempt at a cancel request: the backend call is aborted and the task ends canceled. */
    void cancel() {
        stopTurn();
        end(new QueueRepository.Ending(TaskState.CANCELED, null, null, null, "canceled", null));
    }

    /** Hands the task back unfinished (shutdown), without spending an attempt. */
    void release() {
        stopTurn();
        end(new QueueRepository.Ending(TaskState.SUBMITTED, null, null, Duration.ZERO, null, null));
    }

    /** Stops without writing: the lease is another worker's now. */
    void lost() {
        if (ending.compareAndSet(false, true)) {
            Log.warnf("Task %s: the lease was lost (another worker holds it now); this attempt stops", task.id());
            stopTurn();
            done.complete(null);
        }
    }

    private synchronized void stopTurn() {
        if (turn != null) {
            turn.cancel();
        }
    }

    private void end(QueueRepository.Ending requested) {
        if (!ending.compareAndSet(false, true)) {
            return;
        }
        String last;
        CompletionStage<Boolean> before;
        synchronized (this) {
            last = pending.isEmpty() ? null : pending.toString();
            pending.setLength(0);
            before = writes;
        }
        QueueRepository.Ending ending = last == null ? requested : new QueueRepository.Ending(requested.state(),
                requested.result(), requested.error(), requested.retryDelay(), requested.outcome(), last);
        before.thenCompose(held -> context.endings().end(task, task.leaseToken(), ending).subscribeAsCompletionStage())
                .whenComplete((ended, failure) -> {
                    if (failure != null) {
                        Log.warnf(failure, "Task %s: its ending (%s) was not stored; its lease expires and it runs again",
                                task.id(), ending.state());
                    } else if (ended == QueueRepository.Ended.REFUSED) {
                        Log.warnf("Task %s: the ending (%s) was refused, the lease is another worker's now",
                                task.id(), ending.state());
                    } else {
                        context.count(task.agentId(), ending.state() != TaskState.SUBMITTED ? ending.state().toString()
                                : ending.outcome() == null ? "released" : "retried");
                    }
                    context.signals().changed(task.id());
                    if (task.parentId() != null) {
                        context.signals().changed(task.parentId());
                    }
                    done.complete(null);
                });
    }

    private static List<ChatMessage> messages(JsonObject input) {
        List<ChatMessage> messages = new ArrayList<>();
        input.getJsonArray("messages").stream().map(JsonObject.class::cast)
                .forEach(message -> messages.add(new ChatMessage(message.getString("role"), message.getString("content"))));
        return messages;
    }
}
