package ai.sutazai.agent.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.smallrye.mutiny.Multi;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.agent.llm.ChatMessage;
import ai.sutazai.agent.llm.ToolCall;
import ai.sutazai.agent.tools.ToolContext;
import ai.sutazai.agent.tools.ToolOutcome;
import ai.sutazai.agent.tools.ToolRunner;
import ai.sutazai.agent.tools.Toolset;

/**
 * The tool steps of one turn: the calls of a step run at once (at most {@code parallel-calls}),
 * each within the per-call timeout and what is left of the turn's budget; their results go back to
 * the model as tool messages in the order it asked. It stops the turn at {@code maxSteps} steps
 * (the request's, never above the operator's ceiling) or when the budget is spent.
 */
final class ToolLoop {

    /** Ends a turn whose model still asked for tools after its last allowed step. */
    static final String MAX_STEPS = "max_steps";
    /** Ends a turn whose tool calls spent the whole budget. */
    static final String BUDGET = "tool_budget";

    private final ToolRunner runner;
    private final ToolContext context;
    private final Toolset toolset;
    private final int maxSteps;
    private final Duration callTimeout;
    private final int parallel;
    private final long deadline;
    private int steps;

    ToolLoop(ToolRunner runner, ToolContext context, Toolset toolset, Integer requestedSteps, AgentConfig.Tools config) {
        this.runner = runner;
        this.context = context;
        this.toolset = toolset;
        int asked = requestedSteps == null ? config.maxSteps() : requestedSteps;
        this.maxSteps = Math.max(0, Math.min(asked, config.maxStepsCeiling()));
        this.callTimeout = config.callTimeout();
        this.parallel = Math.max(1, config.parallelCalls());
        Duration budget = config.budget().compareTo(config.budgetCeiling()) > 0 ? config.budgetCeiling() : config.budget();
        this.deadline = System.nanoTime() + budget.toNanos();
    }

    /** Whether the agent has tools this turn. */
    boolean active() {
        return !toolset.isEmpty();
    }

    /** Why the turn must end instead of running another step, or null when it may run one. */
    String stopReason() {
        if (steps >= maxSteps) {
            return MAX_STEPS;
        }
        return System.nanoTime() >= deadline ? BUDGET : null;
    }

    /** The warning a turn ended by {@code reason} carries. */
    String stopWarning(String reason) {
        return MAX_STEPS.equals(reason)
                ? "The agent still asked for tools after " + maxSteps + " tool steps, the limit (maxSteps); "
                        + "its answer stops here."
                : "The agent's tool calls used up the turn's time budget; its answer stops here.";
    }

    /**
     * Runs one step: a {@code tool_call} event per call, then a {@code tool_result} event per call
     * as each finishes; {@code results} gets the tool messages for the next model call, in the order asked.
     */
    Multi<TurnEvent> step(List<ToolCall> calls, List<ChatMessage> results) {
        int step = ++steps;
        List<TurnEvent> started = new ArrayList<>();
        calls.forEach(call -> started.add(new TurnEvent.ToolCallStarted(step, call.id(), call.name(), call.arguments())));
        List<ToolOutcome> outcomes = new ArrayList<>();
        Multi<TurnEvent> finished = Multi.createFrom().iterable(calls)
                .onItem().transformToUni(call -> runner.run(context, toolset, call, timeout()))
                .merge(parallel)
                .onItem().invoke(outcome -> {
                    synchronized (outcomes) {
                        outcomes.add(outcome);
                    }
                })
                .map(outcome -> (TurnEvent) new TurnEvent.ToolResult(step, outcome.call().id(), outcome.call().name(),
                        outcome.error(), outcome.content(), outcome.durationMs()))
                .onCompletion().invoke(() -> {
                    outcomes.sort(Comparator.comparingInt(outcome -> calls.indexOf(outcome.call())));
                    outcomes.forEach(outcome -> results.add(ChatMessage.toolResult(outcome.call(),
                            outcome.error() ? "ERROR: " + outcome.content() : outcome.content())));
                });
        return Multi.createBy().concatenating().streams(Multi.createFrom().iterable(started), finished);
    }

    private Duration timeout() {
        long left = deadline - System.nanoTime();
        Duration remaining = Duration.ofNanos(Math.max(left, 1_000_000));
        return remaining.compareTo(callTimeout) < 0 ? remaining : callTimeout;
    }
}
