package ai.sutazai.health.page;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.commons.testing.TestPeers;
import ai.sutazai.commons.testing.TestTokens;
import ai.sutazai.health.ProbeTargets;

/**
 * The status page in headless Chromium with JavaScript off, at a phone's width (375 px) and a
 * desktop's (1280 px): every component with its state and 24 uptime cells with tooltips, no
 * sideways scrolling, and a screenshot of each in {@code target/status-page/}.
 */
@QuarkusTest
class StatusPageBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target/status-page");

    @Test
    void thePageReadsWellOnAPhoneAndOnADesktop() throws IOException, InterruptedException {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestTokens.user())
                .get("/api/v1/system/status").then().statusCode(200)
                .body("components.find { it.name == 'web' }.status", is("up"))
                .body("components.find { it.name == 'closed' }.status", is("down")));

        JsonObject seen = browse("http://localhost:" + RestAssured.port + "/status");

        for (String viewport : new String[] { "phone", "desktop" }) {
            JsonObject view = seen.getJsonObject(viewport);
            assertThat(viewport, view.getInteger("status"), is(200));
            assertThat(viewport + " scrolls sideways", view.getBoolean("overflow"), is(false));
            assertThat(viewport, view.getBoolean("banner"), is(false));
            Map<String, JsonObject> components = new HashMap<>();
            JsonArray items = view.getJsonArray("components");
            items.forEach(item -> components.put(((JsonObject) item).getString("name"), (JsonObject) item));
            assertThat(viewport, components.keySet(), containsInAnyOrder(ProbeTargets.baseNames().toArray()));
            assertThat(viewport, components.get("web").getString("state"), is("up"));
            assertThat(viewport, components.get("closed").getString("state"), is("down"));
            assertThat(viewport, components.get("database").getString("section"), is("Data stores & infrastructure"));
            components.forEach((name, component) -> {
                assertThat(viewport + " " + name, component.getInteger("cells"), is(StatusPageService.HOURS));
                assertThat(viewport + " " + name, component.getInteger("titledCells"), is(StatusPageService.HOURS));
            });
            assertThat(Files.size(SCREENSHOTS.resolve(viewport + ".png")), greaterThan(1_000L));
        }
    }

    private static JsonObject browse(String url) throws IOException, InterruptedException {
        ProcessBuilder node = new ProcessBuilder("node", TestPeers.client("status-page.mjs").toString(), url,
                SCREENSHOTS.toAbsolutePath().toString()).redirectErrorStream(true);
        Process process = node.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the browser did not finish within 90 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(output, process.exitValue(), is(0));
        return new JsonObject(output.substring(output.lastIndexOf('\n') + 1));
    }
}
