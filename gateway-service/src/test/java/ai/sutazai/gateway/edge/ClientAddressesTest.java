package ai.sutazai.gateway.edge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    private final ClientAddresses addresses = new ClientAddresses(Optional.of(List.of("10.0.0.0/8", "fd00::/8")));

    @Test
    void forwardedForIsBelievedOnlyFromATrustedProxy() {
        assertThat(addresses.of("10.1.2.3", "203.0.113.7"), is("203.0.113.7"));
        assertThat("a client cannot name its own address", addresses.of("198.51.100.9", "203.0.113.7"),
                is("198.51.100.9"));
        assertThat(addresses.of("10.1.2.3", null), is("10.1.2.3"));
    }

    @Test
    void theClientIsTheNearestHopThatIsNotATrustedProxy() {
        // The client prepended a forged hop; Kong (10.9.9.9) appended the real one.
        assertThat(addresses.of("10.0.0.2", "1.2.3.4, 203.0.113.7, 10.9.9.9"), is("203.0.113.7"));
        assertThat(addresses.of("fd00::2", "2001:db8::1"), is("2001:db8::1"));
    }

    @Test
    void withoutTrustedProxiesThePeerIsTheClient() {
        assertThat(new ClientAddresses(Optional.empty()).of("10.1.2.3", "203.0.113.7"), is("10.1.2.3"));
    }
}
