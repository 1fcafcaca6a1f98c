package ai.sutazai.commons.testing;

import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.ValidatableResponse;

/** What every problem+json answer must hold, whatever produced it. */
public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    /** Asserts a problem+json answer with this status and type slug, carrying the request id. */
    public static ValidatableResponse assertProblem(ValidatableResponse response, int status, String typeSlug) {
        return response.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .header("X-Request-Id", notNullValue())
                .body("type", is("urn:sutazai:problem:" + typeSlug))
                .body("status", is(status))
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body("requestId", matchesPattern("[A-Za-z0-9._:-]+"));
    }
}
