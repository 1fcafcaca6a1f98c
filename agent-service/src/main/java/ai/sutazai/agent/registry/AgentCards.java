package ai.sutazai.agent.registry;

import java.util.List;

import io.smallrye.mutiny.Uni;

/** Where the registry reads remote A2A agent cards from (the A2A backend provides it). */
public interface AgentCards {

    /**
     * The card served below {@code baseUrl} ({@code /.well-known/agent-card.json}, else the older
     * {@code /.well-known/agent.json}), fetched with {@code bearerToken} when given. It fails with
     * a 502 problem when no card can be fetched, and 422 when what is served is not a usable card.
     */
    Uni<Card> read(String baseUrl, String bearerToken);

    /** What the registry takes from a card: who the agent is, its skills, and its JSON-RPC interface. */
    record Card(String url, String name, String description, List<Skill> skills, A2aEndpoint endpoint) {
    }

    /** One skill of a card. */
    record Skill(String id, String name, List<String> tags) {
    }
}
