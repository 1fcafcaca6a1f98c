package ai.sutazai.memory.owner;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

import ai.sutazai.commons.problem.Problem;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;

/**
 * Whose memories a request is about. A user acts for itself alone; admins and service tokens
 * (ARCHITECTURE §4) may name any {@code ownerId}, and a service must name one.
 */
public final class Owners {

    private static final int MAX_OWNER_ID_LENGTH = 128;

    private Owners() {
    }

    /** The owner a request acts for, given the {@code ownerId} it named (or null). */
    public static String resolve(SecurityIdentity identity, String requestedOwnerId) {
        String subject = ((JsonWebToken) identity.getPrincipal()).getSubject();
        boolean privileged = isPrivileged(identity);
        boolean service = identity.hasRole("service") && !identity.hasRole("admin");
        if (requestedOwnerId == null || requestedOwnerId.isBlank()) {
            if (service) {
                throw invalid("a service token must name the ownerId it acts for");
            }
            return subject;
        }
        if (requestedOwnerId.length() > MAX_OWNER_ID_LENGTH) {
            throw invalid("must be at most " + MAX_OWNER_ID_LENGTH + " characters");
        }
        if (!requestedOwnerId.equals(subject) && !privileged) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "Only admins and services may name another ownerId; leave it out to act for yourself.");
        }
        return requestedOwnerId;
    }

    /** Whether the caller may act for any owner. */
    public static boolean isPrivileged(SecurityIdentity identity) {
        return identity.hasRole("admin") || identity.hasRole("service");
    }

    private static ProblemException invalid(String message) {
        return new ProblemException(ProblemType.VALIDATION, "ownerId " + message + ".",
                List.of(new Problem.FieldError("ownerId", message)), Map.of());
    }
}
