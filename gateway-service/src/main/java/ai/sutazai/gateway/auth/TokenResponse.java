package ai.sutazai.gateway.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer to sign-in and refresh, in OAuth 2 field names (RFC 6749 §5.1). */
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("refresh_expires_in") long refreshExpiresIn) {
}
