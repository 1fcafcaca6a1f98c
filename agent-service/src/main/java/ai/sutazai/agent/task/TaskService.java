package ai.sutazai.agent.task;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.agent.chat.TurnLimits;
import ai.sutazai.agent.llm.ChatMessage;
import ai.sutazai.agent.registry.Agent;
import ai.sutazai.agent.registry.AgentRegistry;
import ai.sutazai.agent.registry.LiveStatus;
import ai.sutazai.commons.hashing.Sha256;
import ai.sutazai.commons.paging.Cursors;
import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.paging.PageQuery;
import ai.sutazai.commons.problem.ProblemException;

/**
 * Tasks as their owners see them: submitted (once per Idempotency-Key), read, listed and
 * canceled. A task is its owner's alone: anyone else gets 404, except admins, who see all.
 */
@ApplicationScoped
public class TaskService {

    /** Who asks: the token's subject, and whether they are an admin. */
    public record Asker(String subject, boolean admin) {
        boolean mayRead(Task task) {
            return admin || task.ownerId().equals(subject);
        }
    }

    /** A submit's answer: the task, and whether this call created it (false: an idempotent repeat). */
    public record Submitted(TaskView task, boolean created) {
    }

    private static final int MAX_KEY_LENGTH = 200;
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(3);

    private final TaskRepository tasks;
    private final AgentRegistry registry;
    private final TaskWorker worker;
    private final Wakeups wakeups;
    private final TaskSignals signals;
    private final TurnLimits limits;
    private final ObjectMapper json;
    private final AgentConfig.Tasks config;

    public TaskService(TaskRepository tasks, AgentRegistry registry, TaskWorker worker, Wakeups wakeups,
            TaskSignals signals, TurnLimits limits, ObjectMapper json, AgentConfig config) {
        this.tasks = tasks;
        this.registry = registry;
        this.worker = worker;
        this.wakeups = wakeups;
        this.signals = signals;
        this.limits = limits;
        this.json = json;
        this.config = config.tasks();
    }

    /** Submits a task for {@code asker}; with a key, a repeat of the same body answers the first task. */
    public Uni<Submitted> submit(Asker asker, SubmitTask body, String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH)) {
            throw ProblemException.invalid("Idempotency-Key", "must be 1-" + MAX_KEY_LENGTH + " characters");
        }
        if ((body.agentId() == null) == (body.capability() == null)) {
            throw ProblemException.invalid("agentId", "or capability is required, not both");
        }
        JsonObject input = input(body.input());
        if (body.contextId() != null) {
            input.put("contextId", body.contextId());
        }
        String digest = idempotencyKey == null ? null : digest(body);
        return agentFor(body).flatMap(agent -> tasks.insert(new TaskRepository.NewTask(UUID.randomUUID(),
                asker.subject(), agent.id(), body.parentId(), body.priority() == null ? 0 : body.priority(),
                body.runAt(), input, body.maxAttempts() == null ? config.defaultMaxAttempts() : body.maxAttempts()),
                idempotencyKey, digest, config.idempotencyWindow()))
                .flatMap(submission -> answer(asker, body, idempotencyKey, submission));
    }

    private Uni<Submitted> answer(Asker asker, SubmitTask body, String key, TaskRepository.Submission submission) {
        if (submission instanceof TaskRepository.Submission.Created created) {
            signals.changed(created.task().id());
            worker.wake();
            wakeups.newTasks();
            return Uni.createFrom().item(new Submitted(TaskView.of(created.task(), List.of(), asker.admin()), true));
        }
        if (submission instanceof TaskRepository.Submission.Existing existing) {
            if (!existing.sameBody()) {
                throw ProblemException.unprocessable("The Idempotency-Key " + key + " was used for another request "
                        + "within " + config.idempotencyWindow().toHours() + " h; use a new key for a new task.");
            }
            return get(asker, existing.taskId()).map(task -> new Submitted(task, false));
        }
        if (submission instanceof TaskRepository.Submission.ParentFinished finished) {
            throw ProblemException.conflict("The parent task " + body.parentId() + " is " + finished.state()
                    + " and takes no more children.");
        }
        throw ProblemException.notFound("There is no task " + body.parentId() + " of yours to be the parent.");
    }

    // The whole request names the task: agent or capability, input, scheduling and parent.
    private String digest(SubmitTask body) {
        try {
            return Sha256.hex(new String(json.writeValueAsBytes(body), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed request always serialises", e);
        }
    }

    private JsonObject input(JsonNode input) {
        List<ChatMessage> messages = new ArrayList<>();
        if (input.isTextual()) {
            messages.add(new ChatMessage("user", input.asText()));
            limits.check(messages, "input");
        } else if (input.isArray() && !input.isEmpty()) {
            for (JsonNode message : input) {
                JsonNode role = message.get("role");
                JsonNode content = message.get("content");
                if (role == null || !role.isTextual() || content == null || !content.isTextual()) {
                    throw ProblemException.invalid("input", "messages must each have a role and a content text");
                }
                messages.add(new ChatMessage(role.asText(), content.asText()));
            }
            limits.check(messages, null);
        } else {
            throw ProblemException.invalid("input", "must be a text or a non-empty list of {role, content} messages");
        }
        JsonArray stored = new JsonArray();
        messages.forEach(message -> stored.add(new JsonObject().put("role", message.role())
                .put("content", message.content())));
        return new JsonObject().put("messages", stored);
    }

    private Uni<Agent> agentFor(SubmitTask body) {
        if (body.agentId() != null) {
            return registry.findRecent(body.agentId()).map(found -> {
                Agent agent = found.orElseThrow(() -> ProblemException.notFound("There is no agent with the id "
                        + body.agentId() + "; GET /api/v1/agents lists them."));
                if (!agent.enabled()) {
                    throw ProblemException.unavailable("Agent " + agent.id() + " is disabled; an admin can enable it.",
                            Duration.ofMinutes(1));
                }
                return agent;
            });
        }
        return registry.withCapability(body.capability()).map(agents -> {
            if (agents.isEmpty()) {
                throw ProblemException.unprocessable("No agent has the capability " + body.capability()
                        + "; GET /api/v1/agents?capability=… lists who has which.");
            }
            // Healthy before unknown (not checked yet) before degraded; down and disabled agents never.
            Optional<Agent> best = agents.stream().filter(Agent::enabled)
                    .filter(agent -> registry.status(agent.id()).state() != LiveStatus.State.DOWN)
                    .min(Comparator.comparingInt(agent -> rank(registry.status(agent.id()).state())));
            return best.orElseThrow(() -> ProblemException.unavailable("Every agent with the capability "
                    + body.capability() + " is disabled or down.", Duration.ofSeconds(15)));
        });
    }

    private static int rank(LiveStatus.State state) {
        return switch (state) {
            case HEALTHY -> 0;
            case UNKNOWN -> 1;
            default -> 2;
        };
    }

    /** One task with its children; 404 when it is not the asker's. */
    public Uni<TaskView> get(Asker asker, UUID id) {
        return readable(asker, id).flatMap(task -> tasks.children(id)
                .map(children -> TaskView.of(task, children, asker.admin())));
    }

    /** A task as it is now, and the seq of its last event: what a live view starts from. */
    public record Snapshot(TaskView task, long lastSeq) {
    }

    /** The task with the seq of its last event; 404 when it is not the asker's. */
    public Uni<Snapshot> snapshot(Asker asker, UUID id) {
        return readable(asker, id).flatMap(task -> tasks.children(id)
                .map(children -> new Snapshot(TaskView.of(task, children, asker.admin()), task.lastSeq())));
    }

    /** The asker's tasks (an admin's: everyone's), newest first, filtered. */
    public Uni<Page<TaskView>> list(Asker asker, TaskState state, String agentId, UUID parentId, PageQuery page) {
        return list(asker, new TaskRepository.Filter(asker.admin() ? null : asker.subject(), state, agentId, parentId,
                null), page.cursor(), page.limit());
    }

    /** The asker's tasks of one context (A2A's contextId; null: any), newest first. */
    public Uni<Page<TaskView>> list(Asker asker, TaskState state, String contextId, String cursor, int limit) {
        return list(asker, new TaskRepository.Filter(asker.admin() ? null : asker.subject(), state, null, null,
                contextId), cursor, limit);
    }

    private Uni<Page<TaskView>> list(Asker asker, TaskRepository.Filter filter, String cursor, int limit) {
        return tasks.list(filter, Cursors.position(cursor), limit + 1)
                .map(rows -> Page.of(rows.stream().map(task -> TaskView.of(task, null, asker.admin())).toList(),
                        limit, view -> Cursors.encode(view.createdAt(), view.id().toString())));
    }

    /**
     * Cancels a task and its open descendants. A queued one ends at once; a running one is stopped
     * by whichever replica runs it, and the answer waits a little for that. 409 when finished.
     */
    public Uni<TaskView> cancel(Asker asker, UUID id) {
        return readable(asker, id).flatMap(task -> tasks.cancel(id, task.parentId())).flatMap(cancellation -> {
            if (cancellation.found().terminal()) {
                throw ProblemException.conflict("Task " + id + " is " + cancellation.found()
                        + " already; only submitted and working tasks can be canceled.");
            }
            signals.changed(id);
            cancellation.running().forEach(running -> {
                worker.cancelHere(running);
                wakeups.cancel(running);
            });
            if (cancellation.canceledNow()) {
                return get(asker, id);
            }
            return finished(id).replaceWith(get(asker, id));
        });
    }

    // Until the task has ended, or CANCEL_WAIT has passed (the cancel stands either way).
    private Uni<Void> finished(UUID id) {
        return tasks.find(id).flatMap(task -> task.isPresent() && !task.get().state().terminal()
                ? Uni.createFrom().failure(new IllegalStateException("still running"))
                : Uni.createFrom().voidItem())
                .onFailure(IllegalStateException.class).retry().withBackOff(Duration.ofMillis(20), Duration.ofMillis(200))
                .expireIn(CANCEL_WAIT.toMillis())
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The task, when the asker may read it; else 404, as for a task that does not exist. */
    Uni<Task> readable(Asker asker, UUID id) {
        return tasks.find(id).map(found -> found.filter(asker::mayRead).orElseThrow(() ->
                ProblemException.notFound("There is no task " + id + " of yours.")));
    }
}
