package ai.sutazai.memory;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

import io.quarkus.flyway.FlywayConfigurationCustomizer;

/**
 * Lets {@link PgliteResource} turn off Flyway's transactional advisory lock, which deadlocks on
 * PGlite's single shared backend. Quarkus has no property for it; on real PostgreSQL it stays on.
 */
@Singleton
public class PgliteFlywaySettings implements FlywayConfigurationCustomizer {

    @ConfigProperty(name = "test.flyway.transactional-lock", defaultValue = "true")
    boolean transactionalLock;

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(transactionalLock);
    }
}
