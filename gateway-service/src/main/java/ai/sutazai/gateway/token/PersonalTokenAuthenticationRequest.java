package ai.sutazai.gateway.token;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer credential that is a personal access token rather than a JWT. */
public final class PersonalTokenAuthenticationRequest extends BaseAuthenticationRequest {

    private final String token;

    public PersonalTokenAuthenticationRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
