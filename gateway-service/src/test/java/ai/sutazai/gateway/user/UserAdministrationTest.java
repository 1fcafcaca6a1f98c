package ai.sutazai.gateway.user;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.gateway.Accounts;
import ai.sutazai.gateway.Accounts.Account;
import ai.sutazai.gateway.WithTestAccounts;

/** The bootstrap admin, account administration and the audit log. */
@QuarkusTest
class UserAdministrationTest extends WithTestAccounts {

    private static final String USERS = "/api/v1/auth/users";

    @Test
    void theBootstrapAdminExistsOnceTheDatabaseIsReady() {
        String token = Accounts.adminToken();
        assertThat(Accounts.claims(token).getList("groups"), hasItem("admin"));
        given().auth().oauth2(token).get("/api/v1/auth/me").then().statusCode(200)
                .body("email", is(Accounts.ADMIN_EMAIL)).body("username", is("bootstrap-admin"));
        // The same admin signs in by its username too.
        Accounts.login("bootstrap-admin", Accounts.ADMIN_PASSWORD);
    }

    @Test
    void adminRoutesAreForbiddenToUsers() {
        String user = Accounts.accessToken(Accounts.register("plain"));
        for (String path : new String[] { USERS, USERS + "/" + UUID.randomUUID(), "/api/v1/auth/audit" }) {
            assertProblem(given().auth().oauth2(user).get(path).then(), 403, "forbidden");
            assertProblem(given().auth().oauth2(TestTokens.user()).get(path).then(), 403, "forbidden");
        }
        assertProblem(given().auth().oauth2(user).contentType(ContentType.JSON).body(Map.of("groups", List.of("admin")))
                .patch(USERS + "/" + UUID.randomUUID()).then(), 403, "forbidden");
    }

    @Test
    void usersArePagedInCreationOrder() {
        String admin = Accounts.adminToken();
        for (int i = 0; i < 3; i++) {
            Accounts.register("page");
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(admin).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(USERS).then().statusCode(200).body("items", not(hasSize(0)))
                    .body("items.passwordHash", everyItem(nullValue())).extract().jsonPath();
            assertThat(page.getList("items").size() <= 2, is(true));
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen.size() >= 4, is(true));
        assertThat(seen, is(seen.stream().distinct().toList()));

        assertProblem(given().auth().oauth2(admin).queryParam("limit", 100000).get(USERS).then(), 400, "validation");
        assertProblem(given().auth().oauth2(admin).queryParam("cursor", "garbage!").get(USERS).then(), 400, "validation");
        assertProblem(given().auth().oauth2(admin).get(USERS + "/" + UUID.randomUUID()).then(), 404, "not-found");
        assertProblem(given().auth().oauth2(admin).get(USERS + "/12").then(), 404, "not-found");
    }

    @Test
    void groupChangesTakeEffectAtTheNextRefreshAndAreAudited() {
        String admin = Accounts.adminToken();
        Account account = Accounts.register("promote");
        String refreshToken = Accounts.login(account.username(), account.password()).getString("refresh_token");

        patch(admin, account.id(), Map.of("groups", List.of("user", "admin"))).then().statusCode(200)
                .body("groups", contains("user", "admin"));
        String refreshed = Accounts.refresh(refreshToken).then().statusCode(200).extract().path("access_token");
        assertThat(Accounts.claims(refreshed).getList("groups"), containsInAnyOrder("user", "admin"));
        given().auth().oauth2(refreshed).get(USERS).then().statusCode(200);

        given().auth().oauth2(admin).queryParam("event", "groups_changed").queryParam("userId", account.id())
                .get("/api/v1/auth/audit").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].details.from", contains("user"))
                .body("items[0].details.to", contains("user", "admin"))
                .body("items[0].actorId", notNullValue()).body("items[0].requestId", notNullValue());
        assertProblem(patch(admin, account.id(), Map.of("groups", List.of("root"))).then(), 400, "validation");
    }

    @Test
    void aDisabledUserCanNeitherRefreshNorSignInNorUseItsTokens() {
        String admin = Accounts.adminToken();
        Account account = Accounts.register("disable");
        String refreshToken = Accounts.login(account.username(), account.password()).getString("refresh_token");
        String personalToken = given().auth().oauth2(Accounts.accessToken(account)).contentType(ContentType.JSON)
                .body(Map.of("name", "agent")).post("/api/v1/auth/tokens").then().statusCode(201).extract().path("token");

        patch(admin, account.id(), Map.of("disabled", true)).then().statusCode(200).body("disabled", is(true));
        assertProblem(Accounts.refresh(refreshToken).then(), 401, "unauthorized");
        assertProblem(Accounts.signIn(account.username(), account.password()).then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(personalToken).get("/api/v1/auth/me").then(), 401, "unauthorized");

        // Enabling again does not bring the revoked session back.
        patch(admin, account.id(), Map.of("disabled", false)).then().statusCode(200);
        assertProblem(Accounts.refresh(refreshToken).then(), 401, "unauthorized");
        given().auth().oauth2(personalToken).get("/api/v1/auth/me").then().statusCode(200);
        List<String> events = given().auth().oauth2(admin).queryParam("userId", account.id())
                .get("/api/v1/auth/audit").then().statusCode(200).extract().path("items.event");
        assertThat(events, hasItem("user_disabled"));
        assertThat(events, hasItem("user_enabled"));
        assertThat(events, hasItem("login_failed"));
        assertThat(events, hasItem("personal_token_created"));
        assertThat(events, hasItem("user_registered"));
    }

    @Test
    void aPasswordResetReplacesThePasswordAndEndsEverySession() {
        String admin = Accounts.adminToken();
        Account account = Accounts.register("reset");
        String refreshToken = Accounts.login(account.username(), account.password()).getString("refresh_token");
        assertProblem(patch(admin, account.id(), Map.of("password", "qwertyuiop123")).then(), 400, "validation")
                .body("errors[0].field", is("password"));
        patch(admin, account.id(), Map.of("password", "Freshly-Reset-Passphrase-5")).then().statusCode(200);
        assertProblem(Accounts.refresh(refreshToken).then(), 401, "unauthorized");
        assertProblem(Accounts.signIn(account.username(), account.password()).then(), 401, "unauthorized");
        Accounts.login(account.username(), "Freshly-Reset-Passphrase-5");
    }

    @Test
    void adminsCreateAccountsAndTheLastAdminCannotBeRemoved() {
        String bootstrap = Accounts.adminToken();
        String bootstrapId = given().auth().oauth2(bootstrap).get("/api/v1/auth/me").then().extract().path("id");
        String username = Accounts.uniqueName("second-admin");
        Response created = given().auth().oauth2(bootstrap).contentType(ContentType.JSON)
                .body(Map.of("email", username + Accounts.DOMAIN, "username", username, "password",
                        Accounts.PASSWORD, "groups", List.of("admin")))
                .post(USERS);
        created.then().statusCode(201).body("groups", contains("user", "admin"));
        String secondId = created.path("id");
        String second = Accounts.login(username, Accounts.PASSWORD).getString("access_token");

        patch(second, bootstrapId, Map.of("groups", List.of("user"))).then().statusCode(200);
        try {
            assertProblem(patch(second, secondId, Map.of("groups", List.of("user"))).then(), 409, "conflict");
            assertProblem(patch(second, secondId, Map.of("disabled", true)).then(), 409, "conflict");
        } finally {
            patch(second, bootstrapId, Map.of("groups", List.of("user", "admin"))).then().statusCode(200);
        }
        patch(second, secondId, Map.of("groups", List.of("user"))).then().statusCode(200);
    }

    private static Response patch(String token, String id, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).patch(USERS + "/" + id);
    }
}
