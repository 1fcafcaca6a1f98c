package ai.sutazai.memory.owner;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import ai.sutazai.memory.cache.VersionedCache;
import ai.sutazai.memory.conversation.ConversationRepository;
import ai.sutazai.memory.conversation.ConversationService;
import ai.sutazai.memory.memories.MemoryRepository;
import ai.sutazai.memory.memories.MemoryService;

/** Erasure of everything one owner has here: the owner itself or an admin. */
@Path("/api/v1/memory/owners/{ownerId}")
@Produces(MediaType.APPLICATION_JSON)
public class OwnerResource {

    /** What was erased. */
    public record Erased(String ownerId, int memories, int conversations, int messages) {
    }

    private record Removed(List<String> memoryIds, ConversationRepository.Erased conversations) {
    }

    private final MemoryRepository memories;
    private final ConversationRepository conversations;
    private final VersionedCache cache;
    private final SecurityIdentity identity;

    public OwnerResource(MemoryRepository memories, ConversationRepository conversations, VersionedCache cache,
            SecurityIdentity identity) {
        this.memories = memories;
        this.conversations = conversations;
        this.cache = cache;
        this.identity = identity;
    }

    @DELETE
    @Operation(summary = "Erase every memory and conversation of an owner; answers the counts")
    public Uni<Erased> erase(@PathParam("ownerId") String ownerId) {
        String owner = Owners.resolve(identity, ownerId);
        return memories.pool().withTransaction(tx -> memories.deleteOwner(tx, owner)
                .flatMap(memoryIds -> conversations.deleteOwner(tx, owner)
                        .map(erased -> new Removed(memoryIds, erased))))
                .flatMap(removed -> {
                    List<String> memoryIds = removed.memoryIds();
                    ConversationRepository.Erased erased = removed.conversations();
                    // Cached copies go too; no fill of older versions can bring them back.
                    List<Uni<Void>> invalidations = new ArrayList<>();
                    memoryIds.forEach(id -> invalidations.add(cache.invalidate(MemoryService.key(id), Long.MAX_VALUE)));
                    erased.conversationIds().forEach(id -> invalidations.add(
                            cache.invalidate(ConversationService.tailKey(owner, id), Long.MAX_VALUE)));
                    Uni<Void> all = invalidations.isEmpty() ? Uni.createFrom().voidItem()
                            : Uni.join().all(invalidations).andCollectFailures().replaceWithVoid();
                    return all.replaceWith(new Erased(owner, memoryIds.size(), erased.conversationIds().size(),
                            erased.messages()));
                });
    }
}
