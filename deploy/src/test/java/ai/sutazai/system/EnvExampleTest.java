package ai.sutazai.system;

import static ai.sutazai.system.DeployFiles.ROOT;
import static ai.sutazai.system.DeployFiles.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * .env.example is the one source of truth for settings: every variable the services or deploy
 * files read is listed there, and nothing is listed that nobody reads.
 */
class EnvExampleTest {

    // ${NAME} or ${NAME:default} in properties, compose and shell files; upper-case names only.
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern LISTED = Pattern.compile("^([A-Z][A-Z0-9_]*)=", Pattern.MULTILINE);

    @Test
    void everyReferencedVariableIsListed() {
        Set<String> missing = new TreeSet<>(referencedVariables());
        missing.removeAll(listedVariables());
        assertEquals(Set.of(), missing, "variables read by the suite but missing from .env.example");
    }

    @Test
    void everyListedVariableIsReadSomewhere() {
        String code = configurationFiles(true).map(DeployFiles::read).collect(Collectors.joining("\n"));
        Set<String> unused = new TreeSet<>();
        for (String name : listedVariables()) {
            if (!Pattern.compile("\\b" + name + "\\b").matcher(code).find()) {
                unused.add(name);
            }
        }
        assertEquals(Set.of(), unused, "variables in .env.example that nothing reads");
    }

    @Test
    void secretsHaveNoExampleValue() {
        String example = read(ROOT.resolve(".env.example"));
        for (String secret : Set.of("JWT_SECRET", "POSTGRES_PASSWORD")) {
            assertTrue(Pattern.compile("^" + secret + "=$", Pattern.MULTILINE).matcher(example).find(),
                    secret + " must be listed with an empty value");
        }
    }

    private static Set<String> referencedVariables() {
        Set<String> names = new TreeSet<>();
        configurationFiles(false).forEach(file -> {
            Matcher matcher = REFERENCE.matcher(read(file));
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        });
        return names;
    }

    private static Set<String> listedVariables() {
        Set<String> names = new TreeSet<>();
        Matcher matcher = LISTED.matcher(read(ROOT.resolve(".env.example")));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    // Properties of every module, everything under deploy/ and each service's Dockerfiles; with Java sources when asked,
    // since some variables are read by code (the start-up check) rather than by properties.
    private static Stream<Path> configurationFiles(boolean withJava) {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.toString().contains("/target/") && !file.toString().contains("/node_modules/")
                            && !file.toString().contains("/.git/") && !file.toString().contains("/src/test/"))
                    .filter(file -> isConfiguration(file) || withJava && file.toString().endsWith(".java"))
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isConfiguration(Path file) {
        String name = file.getFileName().toString();
        String path = ROOT.relativize(file).toString();
        return name.endsWith(".properties") && path.contains("src/main/resources")
                || name.startsWith("Dockerfile") && path.contains("src/main/docker")
                || path.startsWith("deploy/") && (name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".sh")
                        || name.endsWith(".env") || name.startsWith("Dockerfile") || name.endsWith(".conf")
                        || name.endsWith(".json") || name.endsWith(".hcl"));
    }
}
