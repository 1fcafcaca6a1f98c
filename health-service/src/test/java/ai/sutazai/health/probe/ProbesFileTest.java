package ai.sutazai.health.probe;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The probes file is read strictly, and every problem is reported with the entry it is in. */
class ProbesFileTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("DB_HOST", "db.internal", "DB_PASSWORD", "s3cret-pw");

    @Test
    void readsEveryTypeWithDefaultsAndExpandsVariables() {
        List<ProbeDefinition> probes = parse("""
                probes:
                  - name: db
                    type: postgres
                    host: ${DB_HOST}
                    user: app
                    password: ${DB_PASSWORD}
                    critical: true
                  - name: cache
                    type: redis
                    host: ${CACHE_HOST:-localhost}
                    interval: PT10S
                    timeout: PT1S
                    dependsOn: db
                  - name: grafana
                    preset: grafana
                """);
        ProbeDefinition db = probes.get(0);
        assertThat(db.type(), is(ProbeType.POSTGRES));
        assertThat(db.target(), is(new ProbeTarget.Host("db.internal", 5432, "postgres", "app", "s3cret-pw", null)));
        assertThat(db.describeTarget(), is("db.internal:5432/postgres as app"));
        assertThat(db.secrets(), contains("s3cret-pw"));
        assertThat(db.interval(), is(Duration.ofSeconds(30)));
        assertThat(db.timeout(), is(Duration.ofSeconds(5)));
        assertThat(db.failureThreshold(), is(2));
        assertThat(db.critical(), is(true));
        assertThat(probes.get(1).target(), is(new ProbeTarget.Host("localhost", 6379, null, null, null, null)));
        assertThat(probes.get(1).dependsOn(), contains("db"));
        ProbeTarget.Http grafana = (ProbeTarget.Http) probes.get(2).target();
        assertThat(probes.get(2).type(), is(ProbeType.HTTP));
        assertThat(grafana.steps(), contains(new ProbeTarget.HttpStep("http://localhost:3000/api/health", "GET",
                List.of(200), "database", "ok")));
    }

    @Test
    void namesEveryBadEntryWithEachOfItsProblems() {
        ProbesFileException refused = assertThrows(ProbesFileException.class, () -> parse("""
                probes:
                  - name: web
                    type: http
                    url: ftp://example.org
                    interval: every minute
                  - name: cache
                    type: redis
                    host: localhost
                    port: 99999
                    timeout: PT1M
                    interval: PT10S
                  - name: web
                    type: tcp
                    host: localhost
                    port: 80
                  - name: mystery
                    type: ping
                  - name: typo
                    type: tcp
                    host: localhost
                    prot: 80
                  - name: secret
                    type: postgres
                    host: localhost
                    user: app
                    password: ${UNSET_PASSWORD}
                """));
        assertThat(refused.problems(), contains(
                "probes[0] \"web\": \"interval\" is \"every minute\"; it must be an ISO-8601 duration from PT0.1S "
                        + "to PT24H, e.g. PT10S; \"url\" must be an absolute http:// or https:// URL with a host",
                "probes[1] \"cache\": \"timeout\" (PT1M) is longer than \"interval\" (PT10S); a check must end "
                        + "before the next is due; \"port\" is \"99999\"; it must be a whole number from 1 to 65535",
                "probes[2] \"web\": the name is already used by probes[0] \"web\"",
                "probes[3] \"mystery\": \"type\" is \"ping\"; it must be one of http, tcp, postgres, redis, amqp, "
                        + "consul, service, heartbeat (or give a \"preset\")",
                "probes[4] \"typo\": \"prot\" is not a setting of a tcp probe (known: critical, dependsOn, "
                        + "failureThreshold, host, interval, name, port, preset, recoveryThreshold, timeout, type); "
                        + "\"port\" is required",
                "probes[5] \"secret\": \"password\": ${UNSET_PASSWORD} is not set; set UNSET_PASSWORD in the "
                        + "environment or write ${UNSET_PASSWORD:-default}"));
        assertThat(refused.getMessage(), startsWith("has 6 problems: probes[0] \"web\""));
    }

    @Test
    void refusesUnknownDependenciesAndCycles() {
        ProbesFileException refused = assertThrows(ProbesFileException.class, () -> parse("""
                probes:
                  - {name: a, type: tcp, host: h, port: 1, dependsOn: [b]}
                  - {name: b, type: tcp, host: h, port: 1, dependsOn: [a]}
                  - {name: c, type: tcp, host: h, port: 1, dependsOn: [nowhere, c]}
                """));
        assertThat(refused.problems(), contains(
                "probes[2] \"c\": \"dependsOn\" names \"nowhere\", which is no probe of this file",
                "probes[2] \"c\": \"dependsOn\" names the probe itself",
                "probes[0] \"a\": \"dependsOn\" makes a cycle: a -> b -> a"));
    }

    @Test
    void refusesWhatIsNotAProbesFileAtAll() {
        assertThat(assertThrows(ProbesFileException.class, () -> parse("probes: [ {name: x")).getMessage(),
                startsWith("has 1 problem: is not valid YAML at line"));
        assertThat(assertThrows(ProbesFileException.class, () -> parse("checks: []")).problems(),
                contains("must be a YAML map with a \"probes:\" list"));
        assertThat(assertThrows(ProbesFileException.class, () -> parse("probes:\n  - {name: x, type: tcp}\n"
                + "  - {name: x, type: tcp}\nprobes: []")).getMessage(), containsString("Duplicate field 'probes'"));
    }

    @Test
    void aSyntaxErrorIsPlacedWithoutQuotingTheLine() {
        // SnakeYAML's own message quotes the line it stopped at, here a password.
        String message = assertThrows(ProbesFileException.class, () -> parse("""
                probes:
                  - name: db
                    type: postgres
                    password: "s3cret-pass" word
                """)).getMessage();
        assertThat(message, startsWith("has 1 problem: is not valid YAML at line 4, column"));
        assertThat(message, not(containsString("s3cret")));
    }

    @Test
    void everyPresetOfTheOldStackIsKnown() {
        for (String preset : List.of("ollama", "prometheus", "alertmanager", "grafana", "qdrant", "chromadb", "neo4j",
                "kong", "jaeger", "loki")) {
            ProbeDefinition probe = parse("probes:\n  - {name: p, preset: " + preset + "}").get(0);
            assertThat(preset, ((ProbeTarget.Http) probe.target()).steps().get(0).url(), startsWith("http://localhost:"));
        }
        assertThat(((ProbeTarget.Http) parse("probes:\n  - {name: o, preset: ollama, model: llama3}").get(0).target())
                .steps().get(1).jsonValue(), is("llama3:latest"));
    }

    @Test
    void theBundledFileIsValid() {
        List<ProbeDefinition> bundled = ProbesFile.bundled(name -> Optional.empty());
        assertThat(bundled.stream().map(ProbeDefinition::name).toList(), contains("postgres", "redis",
                "gateway-service", "agent-service", "memory-service", "mcp-bridge-service", "ollama"));
    }

    @Test
    void redactionMasksEverySecretAndTargetsHideUserInfo() {
        ProbeDefinition probe = parse("""
                probes:
                  - name: api
                    type: http
                    url: https://robot:hunter2@api.example.org/health?token=abc
                    headers: {Authorization: Bearer xyz-token}
                """).get(0);
        assertThat(probe.describeTarget(), is("https://api.example.org/health"));
        assertThat(Redaction.apply("failed at https://robot:hunter2@api.example.org with Bearer xyz-token",
                probe.secrets()), is("failed at https://***@api.example.org with ***"));
    }

    private static List<ProbeDefinition> parse(String yaml) {
        return ProbesFile.parse(yaml, name -> Optional.ofNullable(ENVIRONMENT.get(name)));
    }
}
