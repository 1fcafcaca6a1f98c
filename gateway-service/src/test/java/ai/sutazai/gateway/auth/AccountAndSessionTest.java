package ai.sutazai.gateway.auth;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static ai.sutazai.gateway.Accounts.PASSWORD;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.commons.security.JwtSecretKeys;
import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.gateway.Accounts;
import ai.sutazai.gateway.Accounts.Account;
import ai.sutazai.gateway.WithTestAccounts;

/** Registration, sign-in, refresh-token rotation, sign-out and password changes, as clients see them. */
@QuarkusTest
class AccountAndSessionTest extends WithTestAccounts {

    @Test
    void registrationIgnoresSentRolesAndStatus() {
        String username = Accounts.uniqueName("escalate");
        Map<String, Object> body = new HashMap<>(Map.of("email", username + Accounts.DOMAIN, "username", username,
                "password", PASSWORD, "is_superuser", true, "groups", new String[] { "admin" }, "disabled", false));
        body.put("id", "00000000-0000-0000-0000-000000000001");
        String id = given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/register").then()
                .statusCode(201).body("groups", contains("user")).body("$", not(hasKey("passwordHash")))
                .extract().path("id");
        assertThat(id, not(is("00000000-0000-0000-0000-000000000001")));
        given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/register").then().statusCode(409);

        String token = Accounts.login(username, PASSWORD).getString("access_token");
        assertThat(Accounts.claims(token).getList("groups"), contains("user"));
        given().auth().oauth2(token).get("/api/v1/auth/me").then().statusCode(200)
                .body("id", is(id)).body("groups", contains("user")).body("username", is(username));
        assertProblem(given().auth().oauth2(token).get("/api/v1/auth/users").then(), 403, "forbidden");
    }

    @Test
    void createdAccountIsAtItsLocation() {
        String username = Accounts.uniqueName("located");
        Response created = given().contentType(ContentType.JSON)
                .body(Map.of("email", username + Accounts.DOMAIN, "username", username, "password", PASSWORD))
                .post("/api/v1/auth/register");
        created.then().statusCode(201).body("email", is(username + Accounts.DOMAIN)).body("disabled", is(false));
        assertThat(created.header("Location"), endsWith("/api/v1/auth/users/" + created.path("id")));
    }

    @Test
    void signInByUsernameOrEmailIssuesTokensWithEveryClaim() {
        Account account = Accounts.register("claims");
        JsonPath byName = Accounts.login(account.username(), account.password());
        JsonPath byEmail = Accounts.login(account.email().toUpperCase(), account.password());
        assertThat(byEmail.getString("token_type"), is("Bearer"));
        assertThat(byName.getInt("expires_in"), is(900));
        assertThat(byName.getString("refresh_token"), startsWith("sutazai_rt_"));

        String token = byName.getString("access_token");
        JsonPath claims = Accounts.claims(token);
        assertThat(claims.getString("iss"), is("sutazai"));
        assertThat(claims.getString("sub"), is(account.id()));
        assertThat(claims.getString("upn"), is(account.username()));
        assertThat(claims.getString("email"), is(account.email()));
        assertThat(claims.getList("groups"), contains("user"));
        assertThat(claims.getLong("exp") - claims.getLong("iat"), is(900L));
        assertThat(claims.getString("jti"), notNullValue());
        assertThat(Accounts.header(token).getString("kid"), is(JwtSecretKeys.keyId(TestTokens.secret())));
        given().auth().oauth2(byEmail.getString("access_token")).get("/api/v1/auth/me").then().statusCode(200)
                .body("id", is(account.id()));
    }

    @Test
    void refreshRotatesAndAReusedTokenRevokesTheWholeSession() {
        Account account = Accounts.register("rotate");
        String first = Accounts.login(account.username(), account.password()).getString("refresh_token");
        JsonPath rotated = Accounts.refresh(first).then().statusCode(200).extract().jsonPath();
        String second = rotated.getString("refresh_token");
        assertThat(second, not(is(first)));
        given().auth().oauth2(rotated.getString("access_token")).get("/api/v1/auth/me").then().statusCode(200);

        // The first token is spent: presenting it again means it was copied.
        assertProblem(Accounts.refresh(first).then(), 401, "unauthorized").header("WWW-Authenticate", startsWith("Bearer"));
        assertProblem(Accounts.refresh(second).then(), 401, "unauthorized");

        // Another session of the same user is untouched.
        String otherSession = Accounts.login(account.username(), account.password()).getString("refresh_token");
        Accounts.refresh(otherSession).then().statusCode(200);
        assertThat(auditEvents("refresh_token_reused", account.id()), is(1));
    }

    @Test
    void logoutRevokesOneSessionOrAll() {
        Account account = Accounts.register("logout");
        JsonPath one = Accounts.login(account.username(), account.password());
        JsonPath two = Accounts.login(account.username(), account.password());
        JsonPath three = Accounts.login(account.username(), account.password());

        given().auth().oauth2(one.getString("access_token")).contentType(ContentType.JSON)
                .body(Map.of("refresh_token", one.getString("refresh_token")))
                .post("/api/v1/auth/logout").then().statusCode(204);
        assertProblem(Accounts.refresh(one.getString("refresh_token")).then(), 401, "unauthorized");
        String twoRotated = Accounts.refresh(two.getString("refresh_token")).then().statusCode(200).extract().path("refresh_token");

        // Without a refresh token: every session.
        given().auth().oauth2(three.getString("access_token")).post("/api/v1/auth/logout").then().statusCode(204);
        assertProblem(Accounts.refresh(twoRotated).then(), 401, "unauthorized");
        assertProblem(Accounts.refresh(three.getString("refresh_token")).then(), 401, "unauthorized");
    }

    @Test
    void changingThePasswordRevokesEveryRefreshToken() {
        Account account = Accounts.register("password");
        JsonPath session = Accounts.login(account.username(), account.password());
        String token = session.getString("access_token");

        assertProblem(changePassword(token, "not-the-password", "Another-Strong-Passphrase-7").then(), 400, "validation")
                .body("errors[0].field", is("currentPassword"));
        assertProblem(changePassword(token, account.password(), "password1234").then(), 400, "validation")
                .body("errors[0].field", is("newPassword"));
        changePassword(token, account.password(), "Another-Strong-Passphrase-7").then().statusCode(204);

        assertProblem(Accounts.refresh(session.getString("refresh_token")).then(), 401, "unauthorized");
        assertProblem(Accounts.signIn(account.username(), account.password()).then(), 401, "unauthorized");
        Accounts.login(account.username(), "Another-Strong-Passphrase-7");
    }

    @Test
    void failedSignInsAnswerTheSameForUnknownUsersAndWrongPasswords() {
        Account account = Accounts.register("guess");
        Response wrongPassword = Accounts.signIn(account.username(), "Wrong-Password-123");
        Response unknownUser = Accounts.signIn(Accounts.uniqueName("nobody"), "Wrong-Password-123");
        for (Response response : new Response[] { wrongPassword, unknownUser }) {
            assertProblem(response.then(), 401, "unauthorized").header("WWW-Authenticate", is("Bearer"));
        }
        assertThat(unknownUser.path("detail"), is((String) wrongPassword.path("detail")));
        assertThat(unknownUser.path("title"), is((String) wrongPassword.path("title")));
        assertThat(unknownUser.getHeaders().asList().stream().map(h -> h.getName()).sorted().toList(),
                is(wrongPassword.getHeaders().asList().stream().map(h -> h.getName()).sorted().toList()));
    }

    @Test
    void afterFiveFailuresSignInIsSlowedDownButNotRefused() {
        Account account = Accounts.register("slow");
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            assertProblem(Accounts.signIn(account.username(), "Wrong-Password-" + i).then(), 401, "unauthorized");
            assertThat("failure " + (i + 1) + " is answered at once", millisSince(started), lessThan(1000L));
        }
        long started = System.nanoTime();
        Response sixth = Accounts.signIn(account.username(), "Wrong-Password-6");
        assertThat("the sixth attempt waits the first delay (1 s)", millisSince(started), greaterThanOrEqualTo(900L));
        assertProblem(sixth.then(), 401, "unauthorized").body("detail", is("The username or password is wrong."));

        // The right password still works, only later: the account is slowed down, not locked.
        started = System.nanoTime();
        Accounts.signIn(account.username(), account.password()).then().statusCode(200);
        assertThat("after six failures the wait has doubled", millisSince(started), greaterThanOrEqualTo(1800L));
        started = System.nanoTime();
        Accounts.signIn(account.username(), account.password()).then().statusCode(200);
        assertThat("a success resets the count", millisSince(started), lessThan(1000L));
    }

    @Test
    void brokenTokensAreRefusedOnTheAccountRoutes() {
        Map<String, String> tokens = Map.of("alg none", TestTokens.unsigned(), "unknown secret", TestTokens.forged(),
                "expired", TestTokens.expired(), "not yet valid", TestTokens.notYetValid(),
                "wrong issuer", TestTokens.fromIssuer("elsewhere"), "tampered", TestTokens.tampered(),
                "garbage", "garbage");
        tokens.forEach((kind, token) -> {
            assertProblem(given().auth().oauth2(token).get("/api/v1/auth/me").then(), 401, "unauthorized");
            assertProblem(given().auth().oauth2(token).get("/api/v1/auth/users").then(), 401, "unauthorized");
        });
        assertProblem(given().get("/api/v1/auth/me").then(), 401, "unauthorized");
    }

    @Test
    void badRegistrationsAreRefusedPrecisely() {
        String username = Accounts.uniqueName("bad");
        assertProblem(register(username, "short-1").then(), 400, "validation").body("errors[0].field", is("password"));
        assertProblem(register(username, "password123456").then(), 400, "validation")
                .body("errors[0].message", is("is too common or too easy to guess"));
        assertProblem(register(username, username + "-Secret99").then(), 400, "validation")
                .body("errors[0].message", is("must not contain the username or e-mail name"));
        assertProblem(register(username, "x".repeat(20) + "é".repeat(30)).then(), 400, "validation")
                .body("errors[0].message", is("must be at most 72 bytes long"));
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("email", "not-an-email", "username", "a@b",
                "password", PASSWORD)).post("/api/v1/auth/register").then(), 400, "validation");
        assertProblem(given().contentType(ContentType.JSON).body("{\"email\": ").post("/api/v1/auth/register").then(),
                400, "bad-request");
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("username", "someone", "password", new int[] { 1 }))
                .post("/api/v1/auth/login").then(), 400, "validation").body("errors[0].field", is("password"));
        assertProblem(given().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/auth/refresh").then(),
                400, "validation").body("errors[0].field", startsWith("refresh"));
    }

    private static Response register(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", username + Accounts.DOMAIN, "username", username, "password", password))
                .post("/api/v1/auth/register");
    }


    private static Response changePassword(String token, String current, String next) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", current, "newPassword", next)).post("/api/v1/auth/password");
    }

    private int auditEvents(String event, String subjectId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM identity.audit_events WHERE event = $1 AND subject_id = $2")
                .execute(Tuple.of(event, UUID.fromString(subjectId)))
                .await().indefinitely().iterator().next().getInteger("n");
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
