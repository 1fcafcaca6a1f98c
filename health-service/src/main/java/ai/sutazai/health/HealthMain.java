package ai.sutazai.health;

import io.quarkus.runtime.annotations.QuarkusMain;

import ai.sutazai.commons.config.ServiceLauncher;

/** Starts health-service once its settings have been checked. */
@QuarkusMain
public final class HealthMain {

    private HealthMain() {
    }

    public static void main(String... args) {
        ServiceLauncher.checkConfigThenRun("health-service", args, check -> check.jwt().postgres().redis().common());
    }
}
