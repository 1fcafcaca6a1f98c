package ai.sutazai.memory.conversation;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import ai.sutazai.commons.paging.Page;
import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.memory.owner.Owners;

/** Conversation history, owner-scoped like memories. */
@Path("/api/v1/memory/conversations/{id}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ConversationResource {

    private final ConversationService conversations;
    private final SecurityIdentity identity;

    public ConversationResource(ConversationService conversations, SecurityIdentity identity) {
        this.conversations = conversations;
        this.identity = identity;
    }

    @POST
    @Path("/messages")
    @Operation(summary = "Append a message; it gets the conversation's next seq (1, 2, 3...)")
    public Uni<Response> append(@PathParam("id") String id, @NotNull @Valid AppendMessage body) {
        return conversations.append(Owners.resolve(identity, body.ownerId()), id, body).map(message -> Response
                .status(201).location(URI.create("/api/v1/memory/conversations/" + id + "/messages?after="
                        + (message.seq() - 1) + "&limit=1"))
                .entity(message).build());
    }

    @GET
    @Path("/messages")
    @Operation(summary = "Messages in seq order: after a seq, before a seq, or the last N")
    public Uni<Page<Message>> messages(@PathParam("id") String id, @QueryParam("ownerId") String ownerId,
            @QueryParam("after") String after, @QueryParam("before") String before,
            @QueryParam("last") @Min(1) @Max(500) Integer last,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return conversations.messages(Owners.resolve(identity, ownerId), id, seq("after", after, 0),
                seq("before", before, 1), last, limit);
    }

    // Parsed here rather than by JAX-RS, which answers a malformed number with 404.
    private static Long seq(String name, String value, long min) {
        if (value == null) {
            return null;
        }
        try {
            long seq = Long.parseLong(value.strip());
            if (seq >= min) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new ProblemException(ProblemType.VALIDATION, name + " must be a seq number of at least " + min + ".",
                List.of(new Problem.FieldError(name, "must be a whole number of at least " + min)), Map.of());
    }

    @DELETE
    @Operation(summary = "Delete the conversation and its messages")
    public Uni<Response> delete(@PathParam("id") String id, @QueryParam("ownerId") String ownerId) {
        return conversations.delete(Owners.resolve(identity, ownerId), id).map(done -> Response.noContent().build());
    }
}
