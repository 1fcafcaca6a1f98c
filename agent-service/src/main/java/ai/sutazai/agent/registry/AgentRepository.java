package ai.sutazai.agent.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** SQL for {@code agents.agents} and {@code agents.seeded}. */
@ApplicationScoped
public class AgentRepository {

    private static final String COLUMNS = "id, name, description, kind, capabilities, model, system_prompt, options, "
            + "max_concurrency, enabled, recall_memories, connection, api_key, origin, version, created_at, updated_at, tools";
    private static final String INSERT = "INSERT INTO agents.agents (id, name, description, kind, capabilities, model, "
            + "system_prompt, options, max_concurrency, enabled, recall_memories, connection, api_key, origin, tools) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (id) DO NOTHING "
            + "RETURNING " + COLUMNS;
    // $13 is the new key and $15 whether to take it ($16: the tools). A PUT without a key keeps the stored one, unless it
    // sends the agent elsewhere (another base URL, A2A endpoint or kind): a key never follows an agent to a new host.
    private static final String REPLACE = "UPDATE agents.agents SET name = $2, description = $3, kind = $4, "
            + "capabilities = $5, model = $6, system_prompt = $7, options = $8, max_concurrency = $9, enabled = $10, "
            + "recall_memories = $11, connection = $12, tools = $16, api_key = CASE WHEN $15 THEN $13 "
            + "WHEN kind IS DISTINCT FROM $4 OR connection->>'baseUrl' IS DISTINCT FROM $12::jsonb->>'baseUrl' "
            + "OR connection->>'rpcUrl' IS DISTINCT FROM $12::jsonb->>'rpcUrl' THEN NULL "
            + "ELSE api_key END, origin = $14, version = version + 1, updated_at = now() WHERE id = $1";

    private final Pool pool;

    public AgentRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores a new agent; empty when its id is taken. */
    public Uni<Optional<Agent>> insert(Agent agent) {
        return pool.preparedQuery(INSERT).execute(insertValues(agent)).map(AgentRepository::first);
    }

    /** Replaces an agent's definition (its key only when {@code replaceApiKey}); empty when there is none. */
    public Uni<Optional<Agent>> replace(Agent agent, boolean replaceApiKey) {
        return pool.preparedQuery(REPLACE + " RETURNING " + COLUMNS)
                .execute(values(agent).addBoolean(replaceApiKey).addArrayOfString(tools(agent)))
                .map(AgentRepository::first);
    }

    /** Deletes an agent; whether there was one. */
    public Uni<Boolean> delete(String id) {
        return pool.preparedQuery("DELETE FROM agents.agents WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    /** The agent with this id, if any. */
    public Uni<Optional<Agent>> find(String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM agents.agents WHERE id = $1").execute(Tuple.of(id))
                .map(AgentRepository::first);
    }

    /**
     * Up to {@code limit} agents (null: all) in id order after {@code afterId} (null: from the start),
     * of a kind and with a capability when given.
     */
    public Uni<List<Agent>> list(AgentKind kind, String capability, String afterId, Integer limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM agents.agents WHERE ($1::text IS NULL OR kind = $1) "
                + "AND ($2::text IS NULL OR capabilities @> ARRAY[$2::text]) AND ($3::text IS NULL OR id > $3) "
                + "ORDER BY id LIMIT $4")
                .execute(Tuple.of(kind == null ? null : kind.toString(), capability, afterId, limit))
                .map(AgentRepository::all);
    }

    /**
     * Applies one entry of a seed file, once per agent id and digest, in one transaction so replicas
     * starting together seed each agent once: a new id is created (unless an admin already made one
     * of that id), a changed definition replaces a seeded agent nobody has changed since, and an id
     * seeded before but deleted since stays deleted.
     */
    public Uni<SeedOutcome> seed(Agent agent, String digest) {
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO agents.seeded (agent_id, digest) VALUES ($1, $2) "
                + "ON CONFLICT (agent_id) DO UPDATE SET digest = EXCLUDED.digest, seeded_at = now() "
                + "WHERE seeded.digest <> EXCLUDED.digest RETURNING (xmax = 0) AS first_time")
                .execute(Tuple.of(agent.id(), digest))
                .flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().item(SeedOutcome.UNCHANGED);
                    }
                    return rows.iterator().next().getBoolean("first_time") ? create(tx, agent) : follow(tx, agent);
                }));
    }

    /** What applying a seed entry did. */
    public enum SeedOutcome {
        CREATED, UPDATED, UNCHANGED, KEPT_ADMINS
    }

    private static Uni<SeedOutcome> create(SqlClient tx, Agent agent) {
        return tx.preparedQuery(INSERT).execute(insertValues(agent))
                .map(rows -> rows.iterator().hasNext() ? SeedOutcome.CREATED : SeedOutcome.KEPT_ADMINS);
    }

    private static Uni<SeedOutcome> follow(SqlClient tx, Agent agent) {
        return tx.preparedQuery(REPLACE + " AND origin = '" + Agent.ORIGIN_SEED + "'")
                .execute(values(agent).addBoolean(true).addArrayOfString(tools(agent)))
                .map(rows -> rows.rowCount() > 0 ? SeedOutcome.UPDATED : SeedOutcome.KEPT_ADMINS);
    }

    private static Tuple insertValues(Agent agent) {
        return values(agent).addArrayOfString(tools(agent));
    }

    private static String[] tools(Agent agent) {
        return agent.tools().toArray(String[]::new);
    }

    private static Tuple values(Agent agent) {
        JsonObject connection = new JsonObject();
        if (agent.baseUrl() != null) {
            connection.put("baseUrl", agent.baseUrl());
        }
        if (agent.a2a() != null) {
            connection.put("rpcUrl", agent.a2a().rpcUrl()).put("protocolVersion", agent.a2a().protocolVersion())
                    .put("streaming", agent.a2a().streaming());
        }
        return Tuple.from(Arrays.asList(agent.id(), agent.name(), agent.description(), agent.kind().toString(),
                agent.capabilities().toArray(String[]::new), agent.model(), agent.systemPrompt(),
                options(agent.options()), agent.maxConcurrency(), agent.enabled(), agent.recallMemories(), connection,
                agent.apiKey(), agent.origin()));
    }

    // Only the options that are set: a missing one means the backend's default.
    private static JsonObject options(GenerationOptions options) {
        return JsonObject.mapFrom(options);
    }

    private static Agent from(Row row) {
        JsonObject options = row.getJsonObject("options");
        JsonObject connection = row.getJsonObject("connection");
        A2aEndpoint a2a = connection.getString("rpcUrl") == null ? null : new A2aEndpoint(
                connection.getString("rpcUrl"), connection.getString("protocolVersion"),
                connection.getBoolean("streaming", false));
        return new Agent(row.getString("id"), row.getString("name"), row.getString("description"),
                AgentKind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT)),
                List.of(row.getArrayOfStrings("capabilities")), row.getString("model"), row.getString("system_prompt"),
                new GenerationOptions(options.getDouble("temperature"), options.getInteger("maxTokens"),
                        options.getInteger("contextSize")),
                row.getInteger("max_concurrency"), row.getBoolean("enabled"), row.getInteger("recall_memories"),
                connection.getString("baseUrl"), row.getString("api_key"), a2a, row.getString("origin"),
                row.getLong("version"), row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant(), List.of(row.getArrayOfStrings("tools")));
    }

    private static Optional<Agent> first(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? Optional.of(from(rows.iterator().next())) : Optional.empty();
    }

    private static List<Agent> all(RowSet<Row> rows) {
        List<Agent> agents = new ArrayList<>();
        rows.forEach(row -> agents.add(from(row)));
        return agents;
    }
}
