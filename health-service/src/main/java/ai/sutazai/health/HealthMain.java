package ai.sutazai.health;

import java.nio.file.Path;
import java.util.Optional;

import io.quarkus.runtime.annotations.QuarkusMain;

import ai.sutazai.commons.config.RawSettings;
import ai.sutazai.commons.config.ServiceLauncher;
import ai.sutazai.health.probe.ProbesFile;
import ai.sutazai.health.probe.ProbesFileException;

/** Starts health-service once its settings, the probes file among them, have been checked. */
@QuarkusMain
public final class HealthMain {

    private HealthMain() {
    }

    public static void main(String... args) {
        ServiceLauncher.checkConfigThenRun("health-service", args, check -> check.jwt().postgres().redis().common()
                .httpUrl("OLLAMA_BASE_URL")
                .file("HEALTH_PROBES_FILE", HealthMain::probesFileProblems,
                        "correct each entry named, or unset HEALTH_PROBES_FILE to probe the suite's own stack"));
    }

    // Every bad entry in one line each, so the operator mends the whole file at once.
    private static Optional<String> probesFileProblems(Path path) {
        RawSettings settings = RawSettings.ofProcess();
        try {
            ProbesFile.read(path, settings::get);
            return Optional.empty();
        } catch (ProbesFileException e) {
            return Optional.of(e.getMessage().replace("; probes[", System.lineSeparator() + "      probes["));
        }
    }
}
