package ai.sutazai.gateway.user;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;
import ai.sutazai.gateway.auth.AuthConfig;

/**
 * What a password must be: long enough, within bcrypt's 72 bytes (bcrypt ignores the rest, so a
 * longer password would be silently truncated), not a well-known password, and not the user's
 * own name.
 */
@ApplicationScoped
public class PasswordPolicy {

    static final int MAX_BYTES = 72;
    private static final String DENY_LIST = "/identity/common-passwords.txt";

    private final int minLength;
    private final Set<String> common;

    public PasswordPolicy(AuthConfig config) {
        this.minLength = config.passwordMinLength();
        this.common = load();
    }

    /** Refuses {@code password} for the user named {@code username} / {@code email} with a 400 naming {@code field}. */
    public void check(String field, String password, String username, String email) {
        String problem = problemWith(password, username, email);
        if (problem != null) {
            throw new ProblemException(ProblemType.VALIDATION, "The " + field + " does not meet the password policy: "
                    + problem + ".", List.of(new Problem.FieldError(field, problem)), Map.of());
        }
    }

    private String problemWith(String password, String username, String email) {
        if (password.codePointCount(0, password.length()) < minLength) {
            return "must be at least " + minLength + " characters long";
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "must be at most " + MAX_BYTES + " bytes long";
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower) || lower.chars().distinct().count() < 4) {
            return "is too common or too easy to guess";
        }
        String localPart = email == null ? "" : email.toLowerCase(Locale.ROOT).replaceFirst("@.*", "");
        if (contains(lower, username) || contains(lower, localPart)) {
            return "must not contain the username or e-mail name";
        }
        return null;
    }

    private static boolean contains(String password, String name) {
        return name != null && name.length() >= 3 && password.contains(name.toLowerCase(Locale.ROOT));
    }

    private static Set<String> load() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(DENY_LIST)) {
            if (in == null) {
                throw new IllegalStateException(DENY_LIST + " is missing from the build");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
