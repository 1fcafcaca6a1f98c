package ai.sutazai.gateway.routing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

class UpstreamTest {

    @Test
    void requestsBeyondTheCapAreRefusedUntilOneFinishes() {
        Upstream upstream = new Upstream("agent-service", null, 2);
        assertThat(upstream.tryAcquire(), is(true));
        assertThat(upstream.tryAcquire(), is(true));
        assertThat(upstream.tryAcquire(), is(false));
        assertThat(upstream.inFlight(), is(2));
        upstream.release();
        assertThat(upstream.tryAcquire(), is(true));
    }
}
