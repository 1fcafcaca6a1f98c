package ai.sutazai.commons.database;

/**
 * Fired (asynchronously) once this service's schema is migrated, the first moment its tables are
 * known to exist: work that needs the database, such as seeding, starts here rather than at start-up.
 */
public record MigrationsCompleted(String schema, String version) {
}
