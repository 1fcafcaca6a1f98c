package ai.sutazai.gateway.token;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.gateway.Accounts;
import ai.sutazai.gateway.Accounts.Account;
import ai.sutazai.gateway.WithTestAccounts;

/** Personal access tokens: shown once, stored hashed, accepted by the gateway until revoked or expired. */
@QuarkusTest
class PersonalAccessTokenTest extends WithTestAccounts {

    private static final String TOKENS = "/api/v1/auth/tokens";

    @Test
    void aTokenIsShownOnceStoredHashedAndWorksOnTheGatewaysEndpoints() {
        Account account = Accounts.register("pat");
        String jwt = Accounts.accessToken(account);
        Response created = create(jwt, Map.of("name", "ci script", "expiresIn", "P7D"));
        created.then().statusCode(201).body("name", is("ci script")).body("groups", contains("user"))
                .body("lastUsedAt", nullValue());
        String secret = created.path("token");
        String id = created.path("id");
        assertThat(secret, startsWith("sutazai_pat_"));
        assertThat(created.header("Location"), endsWith(TOKENS + "/" + id));
        assertThat(Instant.parse(created.path("expiresAt")).isAfter(Instant.now().plusSeconds(6 * 86400)), is(true));

        String stored = pool.preparedQuery("SELECT token_hash FROM identity.personal_access_tokens WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().indefinitely().iterator().next().getString("token_hash");
        assertThat(stored, not(is(secret)));
        assertThat(stored.length(), is(64));

        given().auth().oauth2(secret).get("/api/v1/auth/me").then().statusCode(200).body("id", is(account.id()));
        given().auth().oauth2(jwt).get(TOKENS).then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", is(id)).body("items[0]", not(hasKey("token")))
                .body("items[0].tokenPrefix", startsWith("sutazai_pat_")).body("items[0].lastUsedAt", notNullValue())
                .body("nextCursor", nullValue());
    }

    @Test
    void aRevokedTokenStopsWorking() {
        String jwt = Accounts.accessToken(Accounts.register("revoke"));
        Response created = create(jwt, Map.of("name", "to revoke"));
        String secret = created.path("token");
        given().auth().oauth2(secret).get("/api/v1/auth/me").then().statusCode(200);

        given().auth().oauth2(jwt).delete(TOKENS + "/" + created.path("id")).then().statusCode(204);
        assertProblem(given().auth().oauth2(secret).get("/api/v1/auth/me").then(), 401, "unauthorized");
        assertProblem(given().auth().oauth2(jwt).delete(TOKENS + "/" + created.path("id")).then(), 404, "not-found");
        given().auth().oauth2(jwt).get(TOKENS).then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void anExpiredTokenStopsWorking() {
        String jwt = Accounts.accessToken(Accounts.register("expire"));
        Response created = create(jwt, Map.of("name", "short-lived", "expiresIn", "PT1H"));
        String secret = created.path("token");
        given().auth().oauth2(secret).get("/api/v1/auth/me").then().statusCode(200);

        // Let the hour pass.
        pool.preparedQuery("UPDATE identity.personal_access_tokens SET expires_at = now() - interval '1 second' "
                + "WHERE id = $1").execute(Tuple.of(UUID.fromString(created.path("id")))).await().indefinitely();
        assertProblem(given().auth().oauth2(secret).get("/api/v1/auth/me").then(), 401, "unauthorized");
    }

    @Test
    void aTokenNarrowerThanItsOwnerCannotDoWhatItsOwnerCan() {
        String admin = Accounts.adminToken();
        String narrow = create(admin, Map.of("name", "read-only", "groups", new String[] { "user" })).path("token");
        given().auth().oauth2(admin).get("/api/v1/auth/users").then().statusCode(200);
        assertProblem(given().auth().oauth2(narrow).get("/api/v1/auth/users").then(), 403, "forbidden");

        String full = create(admin, Map.of("name", "admin script")).path("token");
        given().auth().oauth2(full).get("/api/v1/auth/users").then().statusCode(200);

        String user = Accounts.accessToken(Accounts.register("widen"));
        assertProblem(create(user, Map.of("name", "wider", "groups", new String[] { "admin" })).then(), 400,
                "validation").body("errors[0].field", is("groups"));
    }

    @Test
    void aTokenCannotMintTokensOrChangeThePassword() {
        Account account = Accounts.register("mint");
        String secret = create(Accounts.accessToken(account), Map.of("name", "leaked")).path("token");
        assertProblem(create(secret, Map.of("name", "persistence")).then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(secret).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", account.password(), "newPassword", "Taken-Over-Account-99"))
                .post("/api/v1/auth/password").then(), 403, "forbidden");
    }

    @Test
    void badTokenRequestsAreRefusedPrecisely() {
        Account owner = Accounts.register("badpat");
        String jwt = Accounts.accessToken(owner);
        assertProblem(create(jwt, Map.of("name", "")).then(), 400, "validation").body("errors[0].field", is("name"));
        assertProblem(create(jwt, Map.of("name", "x", "expiresIn", "P400D")).then(), 400, "validation")
                .body("errors[0].field", is("expiresIn"));
        assertProblem(create(jwt, Map.of("name", "x", "expiresIn", "soon")).then(), 400, "validation")
                .body("errors[0].field", is("expiresIn"));
        assertProblem(create(jwt, Map.of("name", "x", "expiresAt", "2020-01-01T00:00:00Z")).then(), 400, "validation")
                .body("errors[0].field", is("expiresAt"));
        assertProblem(given().auth().oauth2(jwt).get(TOKENS + "?limit=100000").then(), 400, "validation");
        assertProblem(given().auth().oauth2(jwt).get(TOKENS + "?cursor=bm9wZQ").then(), 400, "validation")
                .body("errors[0].field", is("cursor"));
        assertProblem(given().auth().oauth2(jwt).delete(TOKENS + "/not-a-uuid").then(), 404, "not-found");
        assertProblem(given().auth().oauth2("sutazai_pat_made-up").get("/api/v1/auth/me").then(), 401, "unauthorized");

        // Someone else's token is not yours to revoke.
        String othersId = create(Accounts.accessToken(Accounts.register("other")), Map.of("name", "theirs")).path("id");
        assertProblem(given().auth().oauth2(jwt).delete(TOKENS + "/" + othersId).then(), 404, "not-found");
    }

    private static Response create(String bearer, Map<String, Object> body) {
        return given().auth().oauth2(bearer).contentType(ContentType.JSON).body(body).post(TOKENS);
    }
}
