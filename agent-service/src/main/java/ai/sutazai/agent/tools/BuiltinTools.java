package ai.sutazai.agent.tools;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.databind.node.TextNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.AgentConfig;
import ai.sutazai.agent.memory.MemoryClient;
import ai.sutazai.agent.registry.Agent;
import ai.sutazai.agent.registry.AgentRegistry;
import ai.sutazai.agent.task.SubmitTask;
import ai.sutazai.agent.task.TaskEventStream;
import ai.sutazai.agent.task.TaskRepository;
import ai.sutazai.agent.task.TaskService;

/**
 * The tools agent-service offers itself, each acting for the caller: {@code memory_search} and
 * {@code memory_store} (memory-service, with the caller's rights), {@code list_agents}, and
 * {@code delegate}, which submits a task for another agent — inside a task as its child, waiting
 * for its result (up to {@code agent.tools.delegate-wait}; the parent completes after it and holds its
 * result either way); inside a chat as a task of the caller's whose id is the answer.
 */
@ApplicationScoped
public class BuiltinTools {

    /** Search the caller's memories by meaning. */
    public static final String MEMORY_SEARCH = "memory_search";
    /** Store a memory for the caller. */
    public static final String MEMORY_STORE = "memory_store";
    /** The enabled agents, with what they can do. */
    public static final String LIST_AGENTS = "list_agents";
    /** Hand work to another agent as a task. */
    public static final String DELEGATE = "delegate";

    private static final List<AgentTool> ALL = List.of(
            new AgentTool(MEMORY_SEARCH, "Search the user's long-term memories by meaning; answers the closest ones, "
                    + "best first, with their ids and scores.", new JsonObject("""
                    {"type":"object","properties":{
                      "query":{"type":"string","minLength":1,"maxLength":2000,"description":"What to look for"},
                      "limit":{"type":"integer","minimum":1,"maximum":20,"description":"How many memories, at most (5)"}},
                     "required":["query"],"additionalProperties":false}"""), null),
            new AgentTool(MEMORY_STORE, "Store a fact about the user in their long-term memory, for later "
                    + "conversations.", new JsonObject("""
                    {"type":"object","properties":{
                      "content":{"type":"string","minLength":1,"maxLength":10000,"description":"The fact, in one or two sentences"},
                      "tags":{"type":"array","maxItems":10,"items":{"type":"string","pattern":"^[A-Za-z0-9._:/-]{1,128}$"}}},
                     "required":["content"],"additionalProperties":false}"""), null),
            new AgentTool(LIST_AGENTS, "List the platform's enabled agents: id, name, description and capabilities; "
                    + "optionally only those with a capability.", new JsonObject("""
                    {"type":"object","properties":{
                      "capability":{"type":"string","pattern":"^[a-z0-9][a-z0-9-]{0,39}$"}},
                     "additionalProperties":false}"""), null),
            new AgentTool(DELEGATE, "Hand a piece of work to another agent (by agentId, or any agent with a "
                    + "capability) as a task. Inside a task it becomes a sub-task whose result joins this task's "
                    + "result; inside a chat the answer is the new task's id.", new JsonObject("""
                    {"type":"object","properties":{
                      "agentId":{"type":"string","pattern":"^[a-z0-9][a-z0-9-]{0,62}$"},
                      "capability":{"type":"string","pattern":"^[a-z0-9][a-z0-9-]{0,39}$"},
                      "input":{"type":"string","minLength":1,"maxLength":100000,"description":"What the other agent should do"}},
                     "required":["input"],"additionalProperties":false}"""), null));
    private static final Set<String> NAMES = Set.of(MEMORY_SEARCH, MEMORY_STORE, LIST_AGENTS, DELEGATE);

    private final MemoryClient memory;
    private final AgentRegistry registry;
    // Tasks run turns and turns run tools: looked up at call time, which breaks the cycle.
    private final Instance<TaskService> tasks;

    private final TaskEventStream events;
    private final Duration delegateWait;

    public BuiltinTools(MemoryClient memory, AgentRegistry registry, Instance<TaskService> tasks,
            TaskEventStream events, AgentConfig config) {
        this.memory = memory;
        this.registry = registry;
        this.tasks = tasks;
        this.events = events;
        // Answered just before the runner's bound, so a slow sub-task is reported as running, not as a timeout.
        this.delegateWait = config.tools().delegateWait().minusMillis(500);
    }

    /** Whether the call waits for work of its own (delegate inside a task), beyond the call timeout. */
    boolean waitsForResult(ToolContext context, String name) {
        return DELEGATE.equals(name) && context.taskId() != null;
    }

    /** Every built-in tool. */
    public List<AgentTool> all() {
        return ALL;
    }

    /** Their names. */
    public Set<String> names() {
        return NAMES;
    }

    /** Runs built-in tool {@code name} with arguments already checked against its schema; answers its result text. */
    Uni<String> run(ToolContext context, String name, JsonObject arguments) {
        return switch (name) {
            case MEMORY_SEARCH -> memory.recall(context.caller(), arguments.getString("query"),
                    arguments.getInteger("limit", 5), 0.0).map(found -> {
                        JsonArray items = new JsonArray();
                        found.forEach(hit -> items.add(new JsonObject().put("id", hit.id()).put("content", hit.content())
                                .put("score", Math.round(hit.score() * 1000) / 1000.0)
                                .put("createdAt", hit.createdAt() == null ? null : hit.createdAt().toString())));
                        return new JsonObject().put("memories", items).encode();
                    });
            case MEMORY_STORE -> memory.store(context.caller(), context.agent().id(), arguments.getString("content"),
                    strings(arguments.getJsonArray("tags"))).map(stored -> new JsonObject().put("stored", true)
                            .put("id", stored.id()).encode());
            case LIST_AGENTS -> listAgents(arguments.getString("capability"));
            case DELEGATE -> delegate(context, arguments);
            default -> Uni.createFrom().failure(new IllegalArgumentException("no built-in tool " + name));
        };
    }

    private Uni<String> listAgents(String capability) {
        Uni<List<Agent>> agents = capability == null ? registry.all() : registry.withCapability(capability);
        return agents.map(found -> {
            JsonArray items = new JsonArray();
            found.stream().filter(Agent::enabled).forEach(agent -> items.add(new JsonObject().put("id", agent.id())
                    .put("name", agent.name()).put("description", agent.description())
                    .put("capabilities", new JsonArray(agent.capabilities()))
                    .put("status", registry.status(agent.id()).state().toString())));
            return new JsonObject().put("agents", items).encode();
        });
    }

    private Uni<String> delegate(ToolContext context, JsonObject arguments) {
        String agentId = arguments.getString("agentId");
        String capability = arguments.getString("capability");
        if ((agentId == null) == (capability == null)) {
            throw new ToolError("give agentId or capability, one of them");
        }
        if (context.agent().id().equals(agentId)) {
            throw new ToolError("an agent cannot delegate to itself; answer the work yourself or pick another agent");
        }
        UUID parent = context.taskId();
        SubmitTask submit = new SubmitTask(agentId, capability, TextNode.valueOf(arguments.getString("input")), null,
                null, null, parent, null);
        return tasks.get().submit(new TaskService.Asker(context.caller().ownerId(), false), submit, null)
                .flatMap(submitted -> {
                    JsonObject answer = new JsonObject().put("taskId", submitted.task().id().toString())
                            .put("agentId", submitted.task().agentId()).put("state", submitted.task().state().toString());
                    if (parent == null) {
                        return Uni.createFrom().item(answer.put("note", "A task of the user's: they can follow it at "
                                + "/api/v1/tasks/" + submitted.task().id() + ".").encode());
                    }
                    return resultOf(submitted.task().id(), answer);
                });
    }

    // Inside a task: the sub-task's outcome once it has one, else (it runs on) what it is now.
    private Uni<String> resultOf(UUID child, JsonObject answer) {
        return events.events(child, 0).select().where(TaskRepository.StoredEvent::last).toUni()
                .ifNoItem().after(delegateWait).recoverWithItem(() -> null)
                .map(last -> {
                    if (last == null) {
                        return answer.put("note", "The sub-task is still running; its result becomes part of this "
                                + "task's result when it completes.").encode();
                    }
                    JsonObject data = last.data();
                    JsonObject result = data.getJsonObject("result");
                    answer.put("state", data.getString("state"));
                    if (result != null) {
                        answer.put("result", result.getString("text"));
                    }
                    if (data.getString("error") != null) {
                        answer.put("error", data.getString("error"));
                    }
                    return answer.encode();
                });
    }

    private static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.stream().map(String::valueOf).toList();
    }
}
