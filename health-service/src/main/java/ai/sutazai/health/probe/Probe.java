package ai.sutazai.health.probe;

import io.smallrye.mutiny.Uni;

/** A live check of one target, built from its definition, holding whatever connection it needs. */
public interface Probe extends AutoCloseable {

    /**
     * Runs one check. It never fails: every failure is a {@code down} outcome. The caller bounds it
     * with the probe's timeout, so a check that never answers costs that and no more.
     */
    Uni<ProbeOutcome> check();

    /** Releases the probe's connections; called when it is removed or the service stops. */
    @Override
    void close();

    /** The message of a failure, or its type when it has none. */
    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
