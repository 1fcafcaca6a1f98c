package ai.sutazai.agent.task;

import java.net.URI;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestMulti;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import ai.sutazai.agent.chat.ChatEvents;
import ai.sutazai.agent.chat.EventStreams;
import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.paging.PageQuery;
import ai.sutazai.commons.problem.ProblemException;

/**
 * Durable tasks: submit, read, list, cancel, and follow a task's events. The event stream has no
 * {@code @Produces}: it writes its own SSE bytes (with ids) and headers, as the chat stream does.
 */
@Path("/api/v1/tasks")
public class TaskResource {

    private final TaskService service;
    private final TaskEventStream events;
    private final JsonWebToken token;
    private final SecurityIdentity identity;
    private final ObjectMapper json;
    private final Vertx vertx;

    public TaskResource(TaskService service, TaskEventStream events, JsonWebToken token, SecurityIdentity identity,
            ObjectMapper json, Vertx vertx) {
        this.service = service;
        this.events = events;
        this.token = token;
        this.identity = identity;
        this.json = json;
        this.vertx = vertx;
    }

    private TaskService.Asker asker() {
        return new TaskService.Asker(token.getSubject(), identity.hasRole("admin"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a task: 202 with its Location; with an Idempotency-Key, a repeat answers 200 "
            + "with the same task (422 when the body differs)")
    public Uni<Response> submit(@NotNull @Valid SubmitTask body, @HeaderParam("Idempotency-Key") String key) {
        return service.submit(asker(), body, key).map(submitted -> (submitted.created() ? Response.accepted()
                : Response.ok()).location(URI.create("/api/v1/tasks/" + submitted.task().id()))
                .entity(submitted.task()).build());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Your tasks (an admin's: everyone's), newest first; filter by state, agentId, parentId")
    public Uni<Page<TaskView>> list(@QueryParam("state") String state, @QueryParam("agentId") String agentId,
            @QueryParam("parentId") String parentId, @BeanParam @Valid PageQuery page) {
        return service.list(asker(), state(state), agentId, parentId == null ? null : uuid("parentId", parentId), page);
    }

    private static TaskState state(String value) {
        if (value == null) {
            return null;
        }
        return Arrays.stream(TaskState.values()).filter(state -> state.toString().equals(value)).findFirst()
                .orElseThrow(() -> ProblemException.invalid("state", "must be one of " + Arrays.stream(TaskState.values())
                        .map(Object::toString).collect(Collectors.joining(", "))));
    }

    private static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "must be a task id (a UUID)");
        }
    }

    // A path segment that is no UUID names no task.
    private static UUID taskId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("There is no task " + value + " of yours.");
        }
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One task: state, attempts with their errors, result, timings and children")
    public Uni<TaskView> get(@PathParam("id") String id) {
        return service.get(asker(), taskId(id));
    }

    @POST
    @Path("/{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel a task and its open children: queued ones at once, running ones are stopped "
            + "(200 once canceled, 202 while stopping); 409 when finished")
    public Uni<Response> cancel(@PathParam("id") String id) {
        return service.cancel(asker(), taskId(id)).map(task -> (task.state().terminal() ? Response.ok()
                : Response.accepted()).entity(task).build());
    }

    @GET
    @Path("/{id}/events")
    @Operation(summary = "The task's events as server-sent events (id = seq): those after Last-Event-ID or ?after=, "
            + "then live until the final one")
    public Multi<Buffer> events(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("after") String after, @Context HttpServerRequest request) {
        UUID taskId = taskId(id);
        long from = lastEventId != null ? seq("Last-Event-ID", lastEventId) : after != null ? seq("after", after) : 0;
        Uni<Task> readable = service.readable(asker(), taskId);
        return RestMulti.fromUniResponse(readable, task -> EventStreams.keptAlive(events.after(taskId, from)
                // Headers are sent by now, so a failure is the stream's last event, in the problem format.
                .onFailure().recoverWithItem(failure -> ChatEvents.event(json, "error",
                        EventStreams.problem(failure, request))), vertx),
                task -> EventStreams.HEADERS, task -> 200);
    }

    private static long seq(String field, String value) {
        try {
            long seq = Long.parseLong(value.strip());
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        throw ProblemException.invalid(field, "must be the id of an event (a whole number, 0 or more)");
    }
}
