package ai.sutazai.agent.tools;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** An agent's {@code tools} setting: names and patterns where {@code *} stands for any run of characters. */
final class ToolPatterns {

    private final List<Pattern> patterns;
    private final boolean needsBridge;

    ToolPatterns(List<String> given, Set<String> builtins) {
        this.patterns = given.stream().map(ToolPatterns::compile).toList();
        // The bridge is asked only when some pattern can name one of its tools.
        this.needsBridge = given.stream().anyMatch(pattern -> pattern.contains("*") || !builtins.contains(pattern));
    }

    boolean matches(String name) {
        return patterns.stream().anyMatch(pattern -> pattern.matcher(name).matches());
    }

    boolean needsBridge() {
        return needsBridge;
    }

    private static Pattern compile(String glob) {
        return Pattern.compile(Arrays.stream(glob.split("\\*", -1)).map(part -> part.isEmpty() ? "" : Pattern.quote(part))
                .collect(Collectors.joining(".*")));
    }
}
