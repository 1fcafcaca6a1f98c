package ai.sutazai.commons.database;

/** Where the schema migrations of a service stand. */
public record MigrationStatus(boolean done, String schema, String version, String error) {

    static final MigrationStatus PENDING = new MigrationStatus(false, null, null, null);

    static MigrationStatus pending(String error) {
        return new MigrationStatus(false, null, null, error);
    }

    static MigrationStatus done(String schema, String version) {
        return new MigrationStatus(true, schema, version, null);
    }
}
