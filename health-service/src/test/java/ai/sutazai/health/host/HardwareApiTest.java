package ai.sutazai.health.host;

import static ai.sutazai.commons.testing.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import ai.sutazai.commons.testing.TestTokens;

/** {@code GET /api/v1/hardware} reports this machine's own figures, and only to callers with a token. */
@QuarkusTest
class HardwareApiTest {

    @Test
    void theFiguresAgreeWithThisMachinesProc() throws IOException {
        double[] loadBefore = loadAverages();
        double uptimeBefore = firstNumber("/proc/uptime");
        // The test profile samples CPU every 0.5 s; the first figure comes once one interval has passed.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(TestTokens.user())
                .get("/api/v1/hardware").then().statusCode(200).body("cpu.usagePercent", notNullValue()));

        JsonPath host = given().auth().oauth2(TestTokens.user()).get("/api/v1/hardware").then().statusCode(200)
                .extract().jsonPath();
        double[] loadAfter = loadAverages();

        assertThat(host.getLong("memory.totalBytes"), is(meminfoKilobytes("MemTotal") * 1024));
        assertThat(host.getLong("memory.usedBytes"),
                is(host.getLong("memory.totalBytes") - host.getLong("memory.availableBytes")));
        assertThat(host.getLong("swap.totalBytes"), is(meminfoKilobytes("SwapTotal") * 1024));
        assertThat(host.getInt("cpu.count"), is(Runtime.getRuntime().availableProcessors()));
        assertThat(host.getInt("cpu.hostCount"), is((int) Files.readAllLines(Path.of("/proc/stat")).stream()
                .filter(line -> line.matches("cpu\\d+ .*")).count()));
        assertThat(host.getDouble("cpu.usagePercent"), both(greaterThanOrEqualTo(0.0)).and(lessThanOrEqualTo(100.0)));
        assertThat(host.getDouble("cpu.intervalSeconds"), closeTo(0.5, 0.4));
        String[] loads = { "oneMinute", "fiveMinutes", "fifteenMinutes" };
        for (int i = 0; i < loads.length; i++) {
            assertThat(loads[i], host.getDouble("loadAverage." + loads[i]),
                    both(greaterThanOrEqualTo(Math.min(loadBefore[i], loadAfter[i]) - 0.5))
                            .and(lessThanOrEqualTo(Math.max(loadBefore[i], loadAfter[i]) + 0.5)));
        }
        assertThat(host.getDouble("uptimeSeconds"), closeTo(uptimeBefore, 15));
        Map<String, Object> root = host.getMap("disks.find { it.path == '/' }");
        assertThat(root, notNullValue());
        assertThat(((Number) root.get("totalBytes")).longValue(), greaterThan(0L));
        assertThat(((Number) root.get("totalBytes")).longValue(),
                greaterThanOrEqualTo(((Number) root.get("usedBytes")).longValue()));
        assertThat(host.getLong("jvmHeap.usedBytes"), both(greaterThan(0L))
                .and(lessThanOrEqualTo(host.getLong("jvmHeap.committedBytes"))));
        assertThat(host.getMap("unavailable"), is(anEmptyMap()));
    }

    @Test
    void onlyCallersWithAValidTokenAreAnswered() {
        given().auth().oauth2(TestTokens.user()).get("/api/v1/hardware/").then().statusCode(200)
                .body("memory.totalBytes", notNullValue());
        assertProblem(given().get("/api/v1/hardware").then(), 401, "unauthorized");
        assertProblem(given().auth().oauth2(TestTokens.forged()).get("/api/v1/hardware").then(), 401, "unauthorized");
    }

    private static long meminfoKilobytes(String key) throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith(key + ":"))
                .map(line -> Long.parseLong(line.split("\\s+")[1])).findFirst().orElseThrow();
    }

    private static double[] loadAverages() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return new double[] { Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
            Double.parseDouble(fields[2]) };
    }

    private static double firstNumber(String file) throws IOException {
        return Double.parseDouble(Files.readString(Path.of(file)).split(" ")[0]);
    }
}
