package ai.sutazai.health.storage;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgException;

/** The write-behind queue against a writer that refuses some items or is down, and at shutdown. */
class WriteBehindTest {

    private final Vertx vertx = Vertx.vertx();
    private final List<String> stored = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeVertx() {
        vertx.closeAndAwait();
    }

    @Test
    void anItemPostgresRefusesIsDroppedAloneAndTheRestIsWrittenInOrder() {
        // Like PostgreSQL: a batch holding a bad item is refused whole.
        WriteBehind<String> queue = queue(items -> items.contains("bad")
                ? Uni.createFrom().failure(new PgException("invalid byte sequence", "ERROR", "22021", null))
                : store(items));
        List.of("a", "b", "bad", "c", "d").forEach(queue::offer);

        queue.flush().await().atMost(Duration.ofSeconds(5));

        assertThat(stored, contains("a", "b", "c", "d"));
        assertThat(queue.refused(), is(1L));
        assertThat(queue.pending(), is(0));
        assertThat(queue.available(), is(true));
    }

    @Test
    void anOutageKeepsEverythingQueued() {
        WriteBehind<String> queue = queue(items -> Uni.createFrom().failure(new PgException(
                "the database system is starting up", "FATAL", "57P03", null)));
        List.of("a", "b", "c").forEach(queue::offer);

        queue.flush().await().atMost(Duration.ofSeconds(5));

        assertThat(queue.pending(), is(3));
        assertThat(queue.refused(), is(0L));
        assertThat(queue.available(), is(false));
    }

    @Test
    void shutdownWritesWhatIsStillQueued() {
        WriteBehind<String> queue = queue(this::store);
        // The periodic flush would come far too late.
        queue.flushEvery(vertx, Duration.ofHours(1), () -> true);
        for (int i = 0; i < 25; i++) {
            queue.offer("item-" + i);
        }

        queue.drain(vertx, Duration.ofSeconds(5));

        assertThat(stored.size(), is(25));
        assertThat(queue.pending(), is(0));
    }

    private WriteBehind<String> queue(Function<List<String>, Uni<Void>> writer) {
        return new WriteBehind<>("test items", 100, 10, writer, Clock.systemUTC());
    }

    private Uni<Void> store(List<String> items) {
        stored.addAll(items);
        return Uni.createFrom().voidItem();
    }
}
