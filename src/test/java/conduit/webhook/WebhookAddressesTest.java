package conduit.webhook;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookAddressesTest {

    @Test
    void onlyPublicAddressesArePublic() throws Exception {
        for (String inside : List.of("127.0.0.1", "127.5.5.5", "10.0.0.1", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3", "224.0.0.1",
                "255.255.255.255", "192.0.0.8", "198.18.0.1", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254",
                "ff02::1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "2002:7f00:0001::1", "64:ff9b::a9fe:a9fe",
                "::127.0.0.1")) {
            assertFalse(WebhookAddresses.isPublic(InetAddress.getByName(inside)), inside);
        }
        for (String outside : List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.169.0.1",
                "2606:4700:4700::1111", "2002:5db8:d822::1", "64:ff9b::808:808")) {
            assertTrue(WebhookAddresses.isPublic(InetAddress.getByName(outside)), outside);
        }
    }

    @Test
    void registrationChecksShapeSchemeAndLiteralAddresses() {
        var production = new WebhookAddresses(false);
        assertTrue(production.problemWithUrl("https://hooks.example.com/conduit?x=1").isEmpty());
        assertTrue(production.problemWithUrl("http://hooks.example.com/conduit").isPresent());
        assertTrue(production.problemWithUrl("http://127.0.0.1:9000/hook").isPresent());
        assertTrue(production.problemWithUrl("https://127.0.0.1/hook").isPresent());
        assertTrue(production.problemWithUrl("https://[::1]/hook").isPresent());
        assertTrue(production.problemWithUrl("https://example.com/#fragment").isPresent());
        assertTrue(production.problemWithUrl("not a url").isPresent());
        assertTrue(production.problemWithUrl("https://example.com/" + "a".repeat(2000)).isPresent());

        var development = new WebhookAddresses(true);
        assertTrue(development.problemWithUrl("http://127.0.0.1:9000/hook").isEmpty());
        assertTrue(development.problemWithUrl("http://10.0.0.1/hook").isPresent(), "http only to loopback");
        assertTrue(development.problemWithUrl("https://10.0.0.1/hook").isPresent(), "private stays private");
    }
}
