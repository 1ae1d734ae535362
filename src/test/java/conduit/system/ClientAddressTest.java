package conduit.system;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Whose address a request is counted against (rate limits, login throttling, the access log). */
class ClientAddressTest {

    private static final String PROXY = "10.0.0.1";
    private static final String INNER_PROXY = "10.0.0.2";

    private final ClientAddress behindProxies = new ClientAddress(" " + PROXY + " , " + INNER_PROXY + ",");
    private final ClientAddress direct = new ClientAddress("");

    @Test
    void withoutTrustedProxiesTheForwardedForHeaderIsIgnored() {
        assertEquals("203.0.113.9", direct.of("203.0.113.9", List.of("198.51.100.7")));
    }

    @Test
    void aClientThatIsNotATrustedProxyCannotNameAnotherAddress() {
        assertEquals("203.0.113.9", behindProxies.of("203.0.113.9", List.of("198.51.100.7")));
    }

    @Test
    void behindATrustedProxyTheClientIsTheAddressItForwards() {
        assertEquals("198.51.100.7", behindProxies.of(PROXY, List.of("198.51.100.7")));
    }

    @Test
    void theNearestUntrustedAddressWinsSoAForgedPrefixIsSkipped() {
        // The client sent "X-Forwarded-For: 1.2.3.4" itself; the proxy appended the address it really came from.
        assertEquals("198.51.100.7", behindProxies.of(PROXY, List.of("1.2.3.4, 198.51.100.7")));
    }

    @Test
    void trustedProxiesInTheChainAreSkipped() {
        assertEquals("198.51.100.7", behindProxies.of(PROXY, List.of("1.2.3.4, 198.51.100.7, " + INNER_PROXY)));
    }

    @Test
    void repeatedHeadersAreOneChainInOrder() {
        assertEquals("198.51.100.7", behindProxies.of(PROXY, List.of("1.2.3.4", "198.51.100.7", INNER_PROXY)));
    }

    @Test
    void blankEntriesAndSpacesAreNotAddresses() {
        assertEquals("198.51.100.7", behindProxies.of(PROXY, List.of(" 198.51.100.7 ,, ", " ")));
    }

    @Test
    void aTrustedProxyWithNothingForwardedIsItselfTheClient() {
        assertEquals(PROXY, behindProxies.of(PROXY, List.of()));
        assertEquals(PROXY, behindProxies.of(PROXY, List.of(INNER_PROXY)));
    }
}
