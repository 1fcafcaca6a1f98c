package ai.sutazai.commons.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import ai.sutazai.commons.security.JwtSecretKeys;

class DerivedSettingsConfigSourceFactoryTest {

    private static SmallRyeConfig configWith(Map<String, String> variables) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(variables, "environment", 300))
                .withSources(new DerivedSettingsConfigSourceFactory())
                .build();
    }

    @Test
    void withoutACollectorTracingIsOff() {
        assertThat(configWith(Map.of()).getOptionalValue("quarkus.otel.sdk.disabled", Boolean.class),
                is(Optional.of(true)));
        assertThat(configWith(Map.of()).getOptionalValue("quarkus.otel.traces.sampler", String.class),
                is(Optional.empty()));
    }

    @Test
    void withACollectorTracingIsOn() {
        assertThat(configWith(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"))
                .getOptionalValue("quarkus.otel.sdk.disabled", Boolean.class), is(Optional.of(false)));
    }

    @Test
    void theVerificationKeyIsTheSecretsRawUtf8Bytes() {
        String secret = "Zq3v9Lr2Xw8Kp5Tn1Hs7Bd4Fg6Jm0Ca2Ue+/=";
        String k = Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        assertThat(configWith(Map.of("JWT_SECRET", secret)).getValue("smallrye.jwt.verify.secretkey", String.class),
                is("{\"keys\":[{\"kty\":\"oct\",\"alg\":\"HS256\",\"kid\":\"" + JwtSecretKeys.keyId(secret)
                        + "\",\"k\":\"" + k + "\"}]}"));
    }

    @Test
    void thePreviousSecretIsASecondKeyWithItsOwnId() {
        String jwks = configWith(Map.of("JWT_SECRET", "Zq3v9Lr2Xw8Kp5Tn1Hs7Bd4Fg6Jm0Ca2Ue",
                "JWT_SECRET_PREVIOUS", "Pm4x8Wq1Ns6Rt3Yb7Kc0Vd5Lh2Jf9Ga4Se"))
                .getValue("smallrye.jwt.verify.secretkey", String.class);
        assertThat(jwks, containsString("\"kid\":\"" + JwtSecretKeys.keyId("Zq3v9Lr2Xw8Kp5Tn1Hs7Bd4Fg6Jm0Ca2Ue") + "\""));
        assertThat(jwks, containsString("\"kid\":\"" + JwtSecretKeys.keyId("Pm4x8Wq1Ns6Rt3Yb7Kc0Vd5Lh2Jf9Ga4Se") + "\""));
    }
}
