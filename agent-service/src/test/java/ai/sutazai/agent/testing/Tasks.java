package ai.sutazai.agent.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Duration;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Submits and follows tasks through the API, as a client does. */
public final class Tasks {

    private Tasks() {
    }

    /** POST /api/v1/tasks with {@code body} (and an Idempotency-Key unless null). */
    public static ValidatableResponse submit(String token, String body, String key) {
        RequestSpecification request = given().auth().oauth2(token).contentType(ContentType.JSON).body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post("/api/v1/tasks").then();
    }

    /** Submits a task and answers its id (202 expected). */
    public static String submitted(String token, String body) {
        return submit(token, body, null).statusCode(202).extract().path("id");
    }

    /** GET /api/v1/tasks/{id}. */
    public static ValidatableResponse get(String token, String id) {
        return given().auth().oauth2(token).get("/api/v1/tasks/" + id).then();
    }

    /** Waits until the task is in {@code state}, and answers it. */
    public static JsonPath awaitState(String token, String id, String state) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> get(token, id).statusCode(200).body("state", is(state)));
        return get(token, id).extract().jsonPath();
    }

    /** POST /api/v1/tasks/{id}/cancel. */
    public static ValidatableResponse cancel(String token, String id) {
        return given().auth().oauth2(token).post("/api/v1/tasks/" + id + "/cancel").then();
    }
}
