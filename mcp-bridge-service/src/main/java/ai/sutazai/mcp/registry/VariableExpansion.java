package ai.sutazai.mcp.registry;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in registry values, as Claude Code expands them: a
 * default applies when the variable is unset or empty; an unset variable without default is an error.
 */
final class VariableExpansion {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private final Function<String, Optional<String>> variables;

    VariableExpansion(Function<String, Optional<String>> variables) {
        this.variables = variables;
    }

    /** The value with every reference replaced. */
    String expand(String value) {
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
                throw new EntryException("${" + name + "} is not set; set " + name
                        + " in the environment or write ${" + name + ":-default}");
            }
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(expanded);
        return expanded.toString();
    }

    /** An entry-level problem: the entry is kept as {@code failed} with this message. */
    static final class EntryException extends RuntimeException {
        EntryException(String message) {
            super(message);
        }
    }
}
