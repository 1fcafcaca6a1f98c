package ai.sutazai.commons.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test peers from npm (real MCP servers, PGlite) that {@code deploy/test-peers} pins in its
 * lockfile. Tests run their binaries from there, never through {@code npx -y}.
 */
public final class TestPeers {

    private TestPeers() {
    }

    /** The installed binary {@code name} from {@code deploy/test-peers/node_modules/.bin}. */
    public static Path binary(String name) {
        Path binary = peers().resolve("node_modules/.bin").resolve(name);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: run (cd deploy/test-peers && npm ci)");
        }
        return binary;
    }

    /**
     * A client script of {@code deploy/test-peers/clients}, run with {@code node}: it drives a
     * service with an official SDK client installed there (e.g. openai).
     */
    public static Path client(String script) {
        Path peers = peers();
        if (!Files.isDirectory(peers.resolve("node_modules"))) {
            throw new IllegalStateException(peers + "/node_modules is missing: run (cd deploy/test-peers && npm ci)");
        }
        return peers.resolve("clients").resolve(script);
    }

    private static Path peers() {
        Path folder = Path.of("").toAbsolutePath();
        while (folder != null && !Files.isDirectory(folder.resolve("deploy/test-peers"))) {
            folder = folder.getParent();
        }
        if (folder == null) {
            throw new IllegalStateException("No deploy/test-peers above " + Path.of("").toAbsolutePath());
        }
        return folder.resolve("deploy/test-peers");
    }
}
