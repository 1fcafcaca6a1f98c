package ai.sutazai.commons.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {

    private static final String GOOD_SECRET = "Zq3v9Lr2Xw8Kp5Tn1Hs7Bd4Fg6Jm0Ca2Ue";

    private static List<String> variables(Map<String, String> settings) {
        return ConfigCheck.of(RawSettings.of(settings)).jwt().postgres().redis().common().problems().stream()
                .map(ConfigProblem::variable).toList();
    }

    @Test
    void completeSettingsPass() {
        assertThat(variables(Map.of("JWT_SECRET", GOOD_SECRET, "POSTGRES_PASSWORD", "pw", "POSTGRES_PORT", "5432",
                "REDIS_HOST", "redis.internal", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
                "SHUTDOWN_TIMEOUT", "PT30S")), is(empty()));
    }

    @Test
    void blankCountsAsUnset() {
        assertThat(variables(Map.of("JWT_SECRET", "  ", "POSTGRES_PASSWORD", "")),
                contains("JWT_SECRET", "POSTGRES_PASSWORD"));
    }

    @Test
    void secretLengthIsMeasuredInUtf8Bytes() {
        // 16 characters, 32 bytes: long enough.
        String secret = "ÄÖÜäöüßéèêàçñøåæ";
        assertThat(ConfigCheck.of(RawSettings.of(Map.of("JWT_SECRET", secret))).jwt().problems(), is(empty()));
    }

    @Test
    void lowEntropySecretIsRefused() {
        var problems = ConfigCheck.of(RawSettings.of(Map.of("JWT_SECRET", "a".repeat(40)))).jwt().problems();
        assertThat(problems.get(0).problem(), containsString("too few characters"));
    }

    @Test
    void hostMustNotBeAUrl() {
        assertThat(variables(Map.of("JWT_SECRET", GOOD_SECRET, "POSTGRES_PASSWORD", "pw",
                "POSTGRES_HOST", "postgres://db:5432")), contains("POSTGRES_HOST"));
    }

    @Test
    void quarkusShortDurationsAreAccepted() {
        assertThat(variables(Map.of("JWT_SECRET", GOOD_SECRET, "POSTGRES_PASSWORD", "pw", "SHUTDOWN_TIMEOUT", "15s")),
                is(empty()));
    }

    @Test
    void staticAddressesMustBeHostPortLists() {
        var problems = ConfigCheck.of(RawSettings.of(Map.of(
                "AGENT_SERVICE_ADDRESSES", "agent-1:10210, agent-2:10210",
                "MEMORY_SERVICE_ADDRESSES", "http://memory:10220")))
                .calls("agent-service", "memory-service").problems();
        assertThat(problems.stream().map(ConfigProblem::variable).toList(), contains("MEMORY_SERVICE_ADDRESSES"));
    }

    @Test
    void previousSecretFollowsTheSecretRulesAndMustDiffer() {
        assertThat(ConfigCheck.of(RawSettings.of(Map.of("JWT_SECRET", GOOD_SECRET,
                "JWT_SECRET_PREVIOUS", "Pm4x8Wq1Ns6Rt3Yb7Kc0Vd5Lh2Jf9Ga4Se"))).jwt().problems(), is(empty()));
        var same = ConfigCheck.of(RawSettings.of(Map.of("JWT_SECRET", GOOD_SECRET, "JWT_SECRET_PREVIOUS", GOOD_SECRET)))
                .jwt().problems();
        assertThat(same.get(0).problem(), containsString("same as JWT_SECRET"));
        var shortOne = ConfigCheck.of(RawSettings.of(Map.of("JWT_SECRET", GOOD_SECRET, "JWT_SECRET_PREVIOUS", "short")))
                .jwt().problems();
        assertThat(shortOne.stream().map(ConfigProblem::variable).toList(), contains("JWT_SECRET_PREVIOUS"));
    }

    @Test
    void bootstrapAdminNeedsBothSettingsAValidAddressAndAStrongPassword() {
        assertThat(identityProblems(Map.of("SUTAZAI_ADMIN_EMAIL", "admin@example.org",
                "SUTAZAI_ADMIN_PASSWORD", "Long-Enough-Admin-Pass-1")), is(empty()));
        assertThat(identityProblems(Map.of("SUTAZAI_ADMIN_EMAIL", "admin@example.org")),
                contains("SUTAZAI_ADMIN_PASSWORD"));
        assertThat(identityProblems(Map.of("SUTAZAI_ADMIN_EMAIL", "admin", "SUTAZAI_ADMIN_PASSWORD", "changeme")),
                contains("SUTAZAI_ADMIN_EMAIL", "SUTAZAI_ADMIN_PASSWORD"));
        assertThat(identityProblems(Map.of("JWT_ACCESS_TOKEN_TTL", "15 minutes", "AUTH_REGISTRATION_OPEN", "yes")),
                contains("JWT_ACCESS_TOKEN_TTL", "AUTH_REGISTRATION_OPEN"));
    }

    private static List<String> identityProblems(Map<String, String> settings) {
        return ConfigCheck.of(RawSettings.of(settings)).identity().problems().stream().map(ConfigProblem::variable)
                .toList();
    }

    @Test
    void edgeSettingsNeedAddressesAndExactOrigins() {
        assertThat(ConfigCheck.of(RawSettings.of(Map.of("TRUSTED_PROXIES", "10.0.0.0/8, 172.16.0.1, fd00::/8",
                "CORS_ORIGINS", "https://ui.example.org,http://localhost:3000"))).edge().problems(), is(empty()));
        assertThat(ConfigCheck.of(RawSettings.of(Map.of("TRUSTED_PROXIES", "kong, 10.0.0.0/33",
                "CORS_ORIGINS", "*"))).edge().problems().stream().map(ConfigProblem::variable).toList(),
                contains("TRUSTED_PROXIES", "CORS_ORIGINS"));
    }

    @Test
    void aChoiceMustBeOneOfItsValues() {
        assertThat(ConfigCheck.of(RawSettings.of(Map.of("EMBEDDING_PROVIDER", "onnx"))).oneOf("EMBEDDING_PROVIDER", "onnx")
                .problems(), is(empty()));
        var problems = ConfigCheck.of(RawSettings.of(Map.of("EMBEDDING_PROVIDER", "openai")))
                .oneOf("EMBEDDING_PROVIDER", "onnx").problems();
        assertThat(problems.stream().map(ConfigProblem::variable).toList(), contains("EMBEDDING_PROVIDER"));
        assertThat(problems.get(0).problem(), containsString("must be one of onnx"));
    }

    @Test
    void aFileMustBeReadableAndPassItsOwnCheck(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("servers.json"), "{}");
        assertThat(ConfigCheck.of(RawSettings.of(Map.of())).file("SERVERS_FILE", path -> Optional.of("never asked"),
                "fix it").problems(), is(empty()));
        assertThat(ConfigCheck.of(RawSettings.of(Map.of("SERVERS_FILE", file.toString())))
                .file("SERVERS_FILE", path -> Optional.empty(), "fix it").problems(), is(empty()));
        var bad = ConfigCheck.of(RawSettings.of(Map.of("SERVERS_FILE", file.toString())))
                .file("SERVERS_FILE", path -> Optional.of("names \"a\" twice"), "fix it").problems();
        assertThat(bad.get(0).describe(), is("SERVERS_FILE (" + file + ") names \"a\" twice - fix it"));
        var missing = ConfigCheck.of(RawSettings.of(Map.of("SERVERS_FILE", folder.resolve("absent").toString())))
                .file("SERVERS_FILE", path -> Optional.empty(), "fix it").problems();
        assertThat(missing.get(0).problem(), containsString("which is not a readable file"));
    }
}
