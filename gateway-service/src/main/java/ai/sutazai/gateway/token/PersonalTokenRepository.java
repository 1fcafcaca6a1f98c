package ai.sutazai.gateway.token;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.gateway.user.User;

/** SQL for {@code identity.personal_access_tokens}. */
@ApplicationScoped
public class PersonalTokenRepository {

    private static final String COLUMNS = "id, name, token_prefix, groups, created_at, expires_at, last_used_at";

    /** A live token's owner and the groups it grants (its own, within the owner's current ones). */
    public record Holder(UUID tokenId, User owner, List<String> groups, Instant lastUsedAt) {
    }

    private final Pool pool;

    public PersonalTokenRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores a new token by its hash. */
    public Uni<PersonalToken> insert(SqlClient client, UUID id, UUID userId, String name, String hash, String prefix,
            List<String> groups, Instant expiresAt) {
        return client.preparedQuery("INSERT INTO identity.personal_access_tokens "
                + "(id, user_id, name, token_hash, token_prefix, groups, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                + "RETURNING " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(id, userId, name, hash, prefix, groups.toArray(String[]::new),
                        OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))))
                .map(rows -> from(rows.iterator().next()));
    }

    /** Up to {@code limit} unrevoked tokens of a user in creation order, after the given position. */
    public Uni<List<PersonalToken>> list(UUID userId, Instant afterCreatedAt, UUID afterId, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM identity.personal_access_tokens "
                + "WHERE user_id = $1 AND revoked_at IS NULL AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3)) "
                + "ORDER BY created_at, id LIMIT $4")
                .execute(Tuple.from(Arrays.asList(userId,
                        afterCreatedAt == null ? null : OffsetDateTime.ofInstant(afterCreatedAt, ZoneOffset.UTC),
                        afterId, limit)))
                .map(rows -> {
                    List<PersonalToken> tokens = new ArrayList<>();
                    rows.forEach(row -> tokens.add(from(row)));
                    return tokens;
                });
    }

    /** Revokes a user's own token; false when the user has no such live token. */
    public Uni<Boolean> revoke(SqlClient client, UUID id, UUID userId) {
        return client.preparedQuery("UPDATE identity.personal_access_tokens SET revoked_at = now() "
                + "WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL")
                .execute(Tuple.of(id, userId)).map(rows -> rows.rowCount() == 1);
    }

    /** The holder of a live (unrevoked, unexpired) token of an enabled user, by the token's hash. */
    public Uni<Optional<Holder>> findLive(String hash) {
        return pool.preparedQuery("SELECT t.id AS token_id, t.groups AS token_groups, t.last_used_at, "
                + "u.id, u.email, u.username, u.password_hash, u.groups, u.disabled, u.created_at, u.updated_at "
                + "FROM identity.personal_access_tokens t JOIN identity.users u ON u.id = t.user_id "
                + "WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now() AND NOT u.disabled")
                .execute(Tuple.of(hash))
                .map(PersonalTokenRepository::holder);
    }

    /** Notes that a token was used. */
    public Uni<Void> touch(UUID tokenId) {
        return pool.preparedQuery("UPDATE identity.personal_access_tokens SET last_used_at = now() WHERE id = $1")
                .execute(Tuple.of(tokenId)).replaceWithVoid();
    }

    private static Optional<Holder> holder(RowSet<Row> rows) {
        var iterator = rows.iterator();
        if (!iterator.hasNext()) {
            return Optional.empty();
        }
        Row row = iterator.next();
        User owner = User.from(row);
        // A token never grants more than its owner holds now, even if the owner lost a group since.
        List<String> groups = Arrays.stream(row.getArrayOfStrings("token_groups")).filter(owner.groups()::contains)
                .toList();
        OffsetDateTime lastUsed = row.getOffsetDateTime("last_used_at");
        return Optional.of(new Holder(row.getUUID("token_id"), owner, groups,
                lastUsed == null ? null : lastUsed.toInstant()));
    }

    private static PersonalToken from(Row row) {
        OffsetDateTime lastUsed = row.getOffsetDateTime("last_used_at");
        return new PersonalToken(row.getUUID("id").toString(), row.getString("name"), null,
                row.getString("token_prefix"), List.of(row.getArrayOfStrings("groups")),
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("expires_at").toInstant(),
                lastUsed == null ? null : lastUsed.toInstant());
    }
}
