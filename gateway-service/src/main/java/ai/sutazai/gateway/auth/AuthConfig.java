package ai.sutazai.gateway.auth;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Sign-in, tokens and passwords. */
@ConfigMapping(prefix = "gateway.auth")
public interface AuthConfig {

    /** The secret access tokens are signed with ({@code JWT_SECRET}). */
    String signingSecret();

    /** The {@code iss} of every token ({@code JWT_ISSUER}). */
    String issuer();

    /** Lifetime of an access token ({@code JWT_ACCESS_TOKEN_TTL}). */
    Duration accessTokenTtl();

    /** Lifetime of a refresh token; each rotation starts a new one ({@code JWT_REFRESH_TOKEN_TTL}). */
    Duration refreshTokenTtl();

    /** Whether anyone may register ({@code AUTH_REGISTRATION_OPEN}); otherwise admins create users. */
    boolean registrationOpen();

    /** The bcrypt cost (log2 of the rounds): each step doubles the work per hash. */
    @WithDefault("12")
    int bcryptCost();

    /** The shortest password accepted. */
    @WithDefault("12")
    int passwordMinLength();

    /** The first administrator, created once the database is reachable and no admin exists. */
    Admin admin();

    /** How repeated failed sign-ins are slowed down. */
    LoginSlowdown loginSlowdown();

    /** Lifetimes of personal access tokens. */
    PersonalTokens personalTokens();

    /** The bootstrap administrator ({@code SUTAZAI_ADMIN_EMAIL}, {@code SUTAZAI_ADMIN_PASSWORD}). */
    interface Admin {
        /** The admin's e-mail address; unset: no bootstrap. */
        Optional<String> email();

        /** The admin's initial password. */
        Optional<String> password();
    }

    /** Slowdown per account name and client address. */
    interface LoginSlowdown {
        /** Failures answered at full speed before the slowdown starts. */
        @WithDefault("5")
        int freeFailures();

        /** The wait before the first slowed-down attempt; it doubles with each further failure. */
        @WithDefault("1s")
        Duration firstDelay();

        /** The longest wait. */
        @WithDefault("30s")
        Duration longestDelay();

        /** Failures older than this are forgotten. */
        @WithDefault("15m")
        Duration window();
    }

    /** Lifetimes of personal access tokens. */
    interface PersonalTokens {
        /** Lifetime when the request names none. */
        @WithDefault("P30D")
        Duration defaultLifetime();

        /** The longest lifetime a token may be given. */
        @WithDefault("P366D")
        Duration longestLifetime();
    }
}
