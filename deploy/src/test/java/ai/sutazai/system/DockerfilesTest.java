package ai.sutazai.system;

import static ai.sutazai.system.DeployFiles.ROOT;
import static ai.sutazai.system.DeployFiles.SERVICES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import ai.sutazai.system.Dockerfile.Instruction;

/**
 * Each service's Dockerfile.jvm and Dockerfile.native build from what ./mvnw package leaves, and
 * follow the hadolint rules that matter here: pinned bases, a non-root user, exec-form entry points.
 */
class DockerfilesTest {

    private static final List<String> KINDS = List.of("jvm", "native");
    private static final Pattern PINNED = Pattern.compile("[a-z0-9./-]+:(?!latest$)[A-Za-z0-9._-]*\\d[A-Za-z0-9._-]*");

    @Test
    void everyBaseImageIsPinned() {
        forEachDockerfile(dockerfile -> {
            Set<String> stages = new HashSet<>();
            for (Instruction from : dockerfile.all("FROM")) {
                List<String> words = from.words();
                String image = words.get(0);
                assertTrue(stages.contains(image) || PINNED.matcher(image).matches(),
                        dockerfile.path() + ": FROM " + image + " must name a version, never latest (hadolint DL3006/DL3007)");
                if (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")) {
                    stages.add(words.get(2));
                }
            }
        });
    }

    @Test
    void theImageRunsAsAnotherUserThanRoot() {
        forEachDockerfile(dockerfile -> {
            String user = dockerfile.user().orElseThrow(
                    () -> new AssertionError(dockerfile.path() + " runs as root: give its final stage a USER (hadolint DL3002)"));
            assertFalse(Set.of("root", "0").contains(user.split(":")[0]), dockerfile.path() + " runs as " + user);
        });
    }

    @Test
    void everyCopiedFileExistsAfterPackageAndReachesTheBuild() {
        DockerIgnore ignore = DockerIgnore.read();
        forEachDockerfile(dockerfile -> {
            for (Instruction copy : dockerfile.all("COPY")) {
                List<String> words = copy.words().stream().filter(word -> !word.startsWith("--")).toList();
                if (copy.arguments().contains("--from=")) {
                    continue;
                }
                for (String source : words.subList(0, words.size() - 1)) {
                    assertFalse(ignore.excludes(source), dockerfile.path() + ": .dockerignore keeps " + source
                            + " out of the build context");
                    if (source.endsWith("/target/*-runner")) {
                        // Only a native build (-Pnative, GraalVM or Mandrel) makes it; the profile must exist.
                        assertTrue(DeployFiles.read(ROOT.resolve("pom.xml"))
                                .matches("(?s).*<id>native</id>.*<quarkus.native.enabled>true</quarkus.native.enabled>.*"));
                        continue;
                    }
                    assertTrue(exists(source), dockerfile.path() + ": COPY " + source + " finds nothing after ./mvnw package");
                }
            }
        });
    }

    @Test
    void imagesListenOnThePortTheyExpose() {
        forEachDockerfile(dockerfile -> {
            String port = dockerfile.environment().get("QUARKUS_HTTP_PORT");
            assertEquals("8080", port, dockerfile.path() + ": every service listens on 8080 in a container");
            assertEquals(List.of(port), dockerfile.all("EXPOSE").stream().map(Instruction::arguments).toList());
            assertEquals("0.0.0.0", dockerfile.environment().get("QUARKUS_HTTP_HOST"));
        });
    }

    @Test
    void followsTheRestOfHadolintsRules() {
        forEachDockerfile(dockerfile -> {
            for (Instruction instruction : dockerfile.instructions()) {
                String where = dockerfile.path() + ": " + instruction.keyword() + " " + instruction.arguments();
                assertFalse(instruction.keyword().equals("ADD"), where + ": use COPY (DL3020)");
                assertFalse(instruction.keyword().equals("MAINTAINER"), where + ": deprecated (DL4000)");
                assertFalse(instruction.arguments().matches(".*\\b(sudo|npx)\\b.*"), where + ": no sudo (DL3004), no npx at run time");
                if (Set.of("ENTRYPOINT", "CMD").contains(instruction.keyword())) {
                    assertTrue(instruction.arguments().startsWith("["), where + ": use the JSON form (DL3025)");
                }
                if (instruction.keyword().equals("WORKDIR")) {
                    assertTrue(instruction.arguments().startsWith("/"), where + ": an absolute WORKDIR (DL3000)");
                }
                if (instruction.keyword().equals("RUN")) {
                    assertFalse(instruction.arguments().matches("(^|.*&&\\s*)cd\\s.*"), where + ": use WORKDIR (DL3003)");
                }
            }
            assertEquals(1, dockerfile.all("ENTRYPOINT").size() + dockerfile.all("CMD").size(),
                    dockerfile.path() + ": one ENTRYPOINT or CMD (DL4003, DL4004)");
        });
    }

    private static void forEachDockerfile(Consumer<Dockerfile> check) {
        for (String service : SERVICES) {
            for (String kind : KINDS) {
                Path path = ROOT.resolve(service + "/src/main/docker/Dockerfile." + kind);
                assertTrue(Files.isRegularFile(path), service + " has no Dockerfile." + kind);
                check.accept(Dockerfile.of(service, kind));
            }
        }
    }

    // A COPY source with * in its last segment matches any file there; others name a file or folder.
    private static boolean exists(String source) {
        Path path = ROOT.resolve(source.replaceAll("/$", ""));
        String name = path.getFileName().toString();
        if (!name.contains("*")) {
            return Files.exists(path);
        }
        Pattern glob = Pattern.compile(name.replace(".", "\\.").replace("*", "[^/]*"));
        try (Stream<Path> files = Files.list(path.getParent())) {
            return files.anyMatch(file -> glob.matcher(file.getFileName().toString()).matches());
        } catch (IOException e) {
            return false;
        }
    }

    /** The repository's .dockerignore, matched as Docker matches it: the last pattern that fits a path or a parent wins. */
    record DockerIgnore(List<String> patterns) {

        static DockerIgnore read() {
            List<String> patterns = new ArrayList<>();
            for (String line : DeployFiles.read(ROOT.resolve(".dockerignore")).split("\n")) {
                String pattern = line.strip();
                if (!pattern.isEmpty() && !pattern.startsWith("#")) {
                    patterns.add(pattern.replaceAll("/$", ""));
                }
            }
            return new DockerIgnore(patterns);
        }

        boolean excludes(String source) {
            String path = source.replaceAll("/$", "");
            boolean excluded = false;
            for (String pattern : patterns) {
                boolean keep = pattern.startsWith("!");
                Pattern regex = Pattern.compile(pattern.substring(keep ? 1 : 0).replace(".", "\\.")
                        .replace("**", "\u0000").replace("*", "[^/]*").replace("\u0000", ".*"));
                if (matchesOrParentMatches(regex, path)) {
                    excluded = !keep;
                }
            }
            return excluded;
        }

        private static boolean matchesOrParentMatches(Pattern regex, String path) {
            String prefix = path;
            while (true) {
                if (regex.matcher(prefix).matches()) {
                    return true;
                }
                int slash = prefix.lastIndexOf('/');
                if (slash < 0) {
                    return false;
                }
                prefix = prefix.substring(0, slash);
            }
        }
    }
}
