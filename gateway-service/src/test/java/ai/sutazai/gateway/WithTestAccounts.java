package ai.sutazai.gateway;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

import io.vertx.mutiny.sqlclient.Pool;

/** A test class that makes accounts through {@link Accounts} and removes them (and their rows) when it is done. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WithTestAccounts {

    @Inject
    protected Pool pool;

    @AfterAll
    void removeAccounts() {
        Accounts.removeAll(pool);
    }
}
