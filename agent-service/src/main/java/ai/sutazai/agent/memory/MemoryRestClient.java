package ai.sutazai.agent.memory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.smallrye.mutiny.Uni;

/**
 * memory-service's conversation and search API (ARCHITECTURE §4), at {@code stork://memory-service}.
 * Use {@link MemoryClient}, which guards every call; this interface is not for direct use.
 */
@RegisterRestClient(configKey = "memory-service")
@Path("/api/v1/memory")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface MemoryRestClient {

    @GET
    @Path("/conversations/{id}/messages")
    Uni<MessagePage> lastMessages(@HeaderParam("Authorization") String authorization,
            @PathParam("id") String conversationId, @QueryParam("last") int last, @QueryParam("ownerId") String ownerId);

    @POST
    @Path("/conversations/{id}/messages")
    Uni<ConversationMessage> append(@HeaderParam("Authorization") String authorization,
            @PathParam("id") String conversationId, NewMessage message);

    @POST
    @Path("/search")
    Uni<SearchAnswer> search(@HeaderParam("Authorization") String authorization, SearchQuery query);

    @POST
    @Path("/memories")
    Uni<StoredMemory> store(@HeaderParam("Authorization") String authorization, NewMemory memory);

    /** A memory to store for the owner named, written by an agent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NewMemory(String content, String agentId, List<String> tags, String ownerId) {
    }

    /** A page of messages, oldest first. */
    record MessagePage(List<ConversationMessage> items, String nextCursor) {
    }

    /** A message to append, for the owner named. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NewMessage(String role, String content, String agentId, Map<String, Object> metadata, String ownerId) {
    }

    /** A search by meaning within the owner's memories. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SearchQuery(String query, String mode, int limit, Double minScore, String ownerId) {
    }

    /** Search hits, best first. */
    record SearchAnswer(List<Hit> items) {
    }

    /** One hit: the memory and its cosine similarity to the query. */
    record Hit(StoredMemory memory, double score) {
    }

    /** The parts of a memory a recall uses. */
    record StoredMemory(String id, String content, Instant createdAt) {
    }
}
