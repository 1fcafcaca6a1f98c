package ai.sutazai.gateway.problem;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

import ai.sutazai.commons.testing.TestTokens;

/** One test per kind of error a client can cause, each answered as problem+json with its request id. */
@QuarkusTest
class ProblemDetailsTest {

    private static final String PROBE = "/api/v1/test-probe";

    @Test
    void wrongMethodIs405WithAllowHeader() {
        assertProblem(given().auth().oauth2(TestTokens.user()).delete(PROBE).then(), 405, "method-not-allowed")
                .body("detail", is("DELETE is not allowed on " + PROBE + "."));
    }

    @Test
    void unsupportedMediaTypeIs415() {
        assertProblem(given().auth().oauth2(TestTokens.user()).contentType(ContentType.TEXT).body("name=x")
                .post(PROBE).then(), 415, "unsupported-media-type");
    }

    @Test
    void malformedJsonIs400WithWhereItBroke() {
        assertProblem(given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"name\": \"x\", ").post(PROBE).then(), 400, "bad-request")
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void wrongJsonTypeIs400NamingTheField() {
        assertProblem(given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"size\": \"large\"}").post(PROBE).then(), 400, "validation")
                .body("errors", hasSize(1))
                .body("errors[0].field", is("size"))
                .body("errors[0].message", is("must be a whole number"));
    }

    @Test
    void invalidFieldsAre400WithEveryError() {
        assertProblem(given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"name\": \" \", \"email\": \"not-an-email\", \"size\": 11, \"unknown\": true}")
                .post(PROBE).then(), 400, "validation")
                .body("detail", is("3 fields are invalid."))
                .body("errors.field", is(Arrays.asList("email", "name", "size")));
    }

    @Test
    void missingBodyIs400() {
        assertProblem(given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON).post(PROBE).then(),
                400, "validation");
    }

    @Test
    void invalidQueryParameterIs400NamingIt() {
        assertProblem(given().auth().oauth2(TestTokens.user()).queryParam("limit", 501).get(PROBE + "/paged").then(),
                400, "validation")
                .body("errors.field", hasItem("limit"));
    }

    @Test
    void validRequestStillSucceeds() {
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                .body("{\"name\": \"probe\", \"email\": \"a@b.io\", \"size\": 3, \"ignored\": 1}")
                .post(PROBE).then().statusCode(200).body("name", is("probe")).body("size", is(3));
    }

    @Test
    void userWithoutTheRoleIs403() {
        assertProblem(given().auth().oauth2(TestTokens.user()).get(PROBE + "/admin").then(), 403, "forbidden");
        given().auth().oauth2(TestTokens.user("admin")).get(PROBE + "/admin").then().statusCode(200);
    }

    @Test
    void bodyOverTheLimitIs413BeforeItIsSent() throws Exception {
        // A client announcing 11 MB is refused on its headers alone; a raw socket reads that answer
        // where an HTTP client would fail writing a body the server no longer reads.
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String head = "POST " + PROBE + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + TestTokens.user() + "\r\n"
                    + "X-Request-Id: too-big-1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (11 * 1024 * 1024) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            assertThat(answer, startsWith("HTTP/1.1 413"));
            assertThat(answer.toLowerCase(Locale.ROOT), containsString("content-type: application/problem+json"));
            assertThat(answer.toLowerCase(Locale.ROOT), containsString("x-request-id: too-big-1"));
            assertThat(answer, containsString("\"type\":\"urn:sutazai:problem:content-too-large\""));
            assertThat(answer, containsString("\"requestId\":\"too-big-1\""));
        }
    }

    @Test
    void unexpectedFailureIs500WithoutInternalsAndIsLoggedWithTheRequestId() throws Exception {
        assertProblem(given().auth().oauth2(TestTokens.user()).header("X-Request-Id", "broken-probe-1")
                .get(PROBE + "/broken").then(), 500, "internal")
                .body("requestId", is("broken-probe-1"))
                .body("detail", not(containsString("corrupt")));
        Path log = Path.of("target", "quarkus-test.log");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String lines = Files.readString(log);
            assertThat(lines, containsString("[req=broken-probe-1] probe about to fail"));
            assertThat(lines, containsString("[req=broken-probe-1] Unhandled error on GET " + PROBE + "/broken"));
        });
    }
}
