package ai.sutazai.gateway.edge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.gateway.health.SuiteDouble;

/** What every answer of the gateway carries, and what never gets through it. */
@QuarkusTest
class EdgeHygieneTest {

    private static final String UI = "https://ui.sutazai.test";

    SuiteDouble suite;

    @AfterEach
    void readyAgain() {
        suite.allReady();
    }

    @Test
    void answersCarrySecurityHeadersAndAuthAnswersAreNeverCached() {
        given().get("/api/v1/health").then()
                .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer").header("Strict-Transport-Security", notNullValue())
                .header("RateLimit-Limit", notNullValue()).header("RateLimit-Remaining", notNullValue());
        given().contentType("application/json").body("{\"username\":\"it-nobody\",\"password\":\"x\"}")
                .post("/api/v1/auth/login").then().statusCode(401).header("Cache-Control", "no-store");
    }

    @Test
    void onlyConfiguredOriginsMayCallFromABrowser() {
        given().header("Origin", UI).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/v1/auth/login").then().statusCode(200)
                .header("Access-Control-Allow-Origin", UI).header("Access-Control-Allow-Credentials", "true");
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/auth/login").then()
                .header("Access-Control-Allow-Origin", not(is("https://evil.example")))
                .header("Access-Control-Allow-Origin", not(is("*")));
    }

    @Test
    void eachServicesApiDescriptionIsPublishedUnderItsPrefixButNoQEndpoint() {
        suite.server("agent-service#1").stubFor(get(urlEqualTo("/q/openapi?format=json")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"openapi\":\"3.1.0\"}")));
        suite.server("agent-service#2").stubFor(get(urlEqualTo("/q/openapi?format=json")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"openapi\":\"3.1.0\"}")));
        given().auth().oauth2(TestTokens.user()).get("/api/v1/agents/openapi?format=json").then().statusCode(200)
                .body("openapi", is("3.1.0"));

        // Dot segments are resolved before routing, so they cannot climb from a prefix into /q.
        given().urlEncodingEnabled(false).auth().oauth2(TestTokens.user()).get("/api/v1/agents/../../q/metrics").then()
                .header("X-Served-By", nullValue());
        for (String instance : new String[] { "agent-service#1", "agent-service#2" }) {
            assertThat(suite.server(instance).countRequestsMatching(anyRequestedFor(urlPathMatching("/q/(metrics|health).*"))
                    .build()).getCount(), is(0));
        }
    }
}
