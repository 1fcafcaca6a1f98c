package ai.sutazai.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Accounts made through the public API, as a client would, for the identity tests. */
public final class Accounts {

    /** Every account the tests create has an address at this domain, so each class can remove its own. */
    public static final String DOMAIN = "@identity-test.example";
    /** The admin that application.properties bootstraps in the test profile. */
    public static final String ADMIN_EMAIL = "bootstrap-admin@sutazai.test";
    public static final String ADMIN_PASSWORD = "bootstrap-admin-password-7Qk2";
    public static final String PASSWORD = "Correct-Battery-Horse-42";

    private Accounts() {
    }

    /** A registered user: its id, names and password. */
    public record Account(String id, String email, String username, String password) {
    }

    /** Registers a new user with a unique name. */
    public static Account register(String label) {
        String username = uniqueName(label);
        String email = username + DOMAIN;
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "username", username, "password", PASSWORD))
                .post("/api/v1/auth/register").then().statusCode(201).extract().path("id");
        return new Account(id, email, username, PASSWORD);
    }

    /** A fresh name starting with {@code it-}, which {@link #removeAll} recognises. */
    public static String uniqueName(String label) {
        return "it-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Signs in; the answer whatever it is. */
    public static Response signIn(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/v1/auth/login");
    }

    /** Exchanges a refresh token; the answer whatever it is. */
    public static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refresh_token", refreshToken))
                .post("/api/v1/auth/refresh");
    }

    /** Signs in and answers the token response. */
    public static JsonPath login(String username, String password) {
        return signIn(username, password).then().statusCode(200).extract().jsonPath();
    }

    /** An access token of the account. */
    public static String accessToken(Account account) {
        return login(account.username(), account.password()).getString("access_token");
    }

    /** An access token of the bootstrap admin, waiting for the bootstrap that follows migrations. */
    public static String adminToken() {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().contentType(ContentType.JSON)
                .body(Map.of("username", ADMIN_EMAIL, "password", ADMIN_PASSWORD))
                .post("/api/v1/auth/login").statusCode() == 200);
        return login(ADMIN_EMAIL, ADMIN_PASSWORD).getString("access_token");
    }

    /** The claims of a JWT, decoded without verification. */
    public static JsonPath claims(String jwt) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    /** The header of a JWT. */
    public static JsonPath header(String jwt) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8));
    }

    /** Removes every test account (and, by cascade, its tokens) and the audit rows about them. */
    public static void removeAll(Pool pool) {
        pool.preparedQuery("DELETE FROM identity.audit_events WHERE subject_id IN "
                + "(SELECT id FROM identity.users WHERE email LIKE $1)").execute(Tuple.of("%" + DOMAIN))
                .await().indefinitely();
        pool.preparedQuery("DELETE FROM identity.users WHERE email LIKE $1").execute(Tuple.of("%" + DOMAIN))
                .await().indefinitely();
        pool.preparedQuery("DELETE FROM identity.login_failures WHERE account LIKE 'it-%'")
                .execute(Tuple.tuple()).await().indefinitely();
    }
}
