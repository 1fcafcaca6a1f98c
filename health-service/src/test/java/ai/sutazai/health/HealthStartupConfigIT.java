package ai.sutazai.health;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.sutazai.commons.testing.StartupConfigIT;

class HealthStartupConfigIT extends StartupConfigIT {

    @Override
    protected String serviceName() {
        return "health-service";
    }

    @Override
    protected boolean usesDatabase() {
        return true;
    }

    @Test
    void anInvalidProbesFileIsRefusedWithEveryBadEntryNamed() throws Exception {
        Path file = workingDirectory.resolve("probes.yaml");
        Files.writeString(file, """
                probes:
                  - name: db
                    type: postgres
                    host: localhost
                  - name: web
                    type: http
                    url: http://localhost:8080/
                    interval: PT5S
                    timeout: PT10S
                  - name: web
                    preset: mongodb
                """);
        String output = refusedStart(withValidSettings(Map.of("HEALTH_PROBES_FILE", file.toString())));
        assertThat(output, containsString("HEALTH_PROBES_FILE (" + file + ") has 3 problems: probes[0] \"db\": "
                + "\"user\" is required"));
        assertThat(output, containsString("probes[1] \"web\": \"timeout\" (PT10S) is longer than \"interval\" (PT5S)"));
        assertThat(output, containsString("probes[2] \"web\": \"preset\" is \"mongodb\"; it must be one of alertmanager,"
                + " chromadb, grafana, jaeger, kong, loki, neo4j, ollama, prometheus, qdrant; the name is already used "
                + "by probes[1] \"web\""));
        assertThat(output, containsString("unset HEALTH_PROBES_FILE to probe the suite's own stack"));
    }
}
