package ai.sutazai.commons.config;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in the values of a settings file, as shells and Claude
 * Code expand them: a default applies when the variable is unset or empty; an unset variable without
 * a default is an error that names it.
 */
public final class VariableExpansion {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private final Function<String, Optional<String>> variables;

    /** Expansion reading each variable from {@code variables}. */
    public VariableExpansion(Function<String, Optional<String>> variables) {
        this.variables = variables;
    }

    /** The value with every reference replaced; {@link UnsetVariableException} for an unset one. */
    public String expand(String value) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            Optional<String> set = variables.apply(name).filter(v -> !v.isEmpty());
            String replacement;
            if (set.isPresent()) {
                replacement = set.get();
            } else if (matcher.group(2) != null) {
                replacement = matcher.group(3);
            } else {
                throw new UnsetVariableException(name);
            }
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(expanded);
        return expanded.toString();
    }

    /** A reference to a variable that is not set and has no default; the message says how to fix it. */
    public static final class UnsetVariableException extends IllegalArgumentException {

        /** For the variable {@code name}. */
        public UnsetVariableException(String name) {
            super("${" + name + "} is not set; set " + name + " in the environment or write ${" + name + ":-default}");
        }
    }
}
