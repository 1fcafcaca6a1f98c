package ai.sutazai.commons.config;

import java.util.List;
import java.util.function.UnaryOperator;

import io.quarkus.runtime.Quarkus;

/**
 * Entry point shared by every service's {@code @QuarkusMain}: checks the raw settings first and
 * refuses to start with one message naming every problem, then hands over to Quarkus.
 */
public final class ServiceLauncher {

    /** Exit status for a configuration error (sysexits.h EX_CONFIG). */
    public static final int EXIT_CONFIG = 78;

    private ServiceLauncher() {
    }

    /** Runs the service named {@code service} if {@code rules} find nothing wrong, else exits 78. */
    public static void checkConfigThenRun(String service, String[] args, UnaryOperator<ConfigCheck> rules) {
        List<ConfigProblem> problems;
        RawSettings settings;
        try {
            settings = RawSettings.ofProcess();
            problems = rules.apply(ConfigCheck.of(settings)).problems();
        } catch (RuntimeException e) {
            System.err.println(service + " cannot start: " + e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }
        if (!problems.isEmpty()) {
            System.err.println(report(service, problems, settings));
            System.exit(EXIT_CONFIG);
        }
        Quarkus.run(args);
    }

    static String report(String service, List<ConfigProblem> problems, RawSettings settings) {
        StringBuilder message = new StringBuilder()
                .append(service).append(" cannot start: ")
                .append(problems.size()).append(problems.size() == 1 ? " configuration problem" : " configuration problems")
                .append(System.lineSeparator());
        problems.forEach(p -> message.append("  - ").append(p.describe()).append(System.lineSeparator()));
        message.append("Settings are read from system properties, environment variables");
        settings.dotEnvFile().ifPresent(file -> message.append(" and ").append(file));
        message.append("; .env.example lists every setting.");
        return message.toString();
    }
}
