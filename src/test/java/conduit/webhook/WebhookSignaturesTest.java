package conduit.webhook;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our signer against the reference: the expected value was produced by the standardwebhooks package from npm
 * (1.1.1), {@code new Webhook(secret).sign(id, new Date(1455765776000), body)}, not by this code.
 */
class WebhookSignaturesTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_2f1c7a52-8a0e-4a9c-9d8e-6c1b1d3c5e77";
    private static final String BODY =
            "{\"type\":\"follower.added\",\"timestamp\":\"2016-02-18T03:22:56.637Z\",\"data\":{\"follower\":{\"username\":\"jake\"}}}";
    private static final String REFERENCE = "v1,DW5io68yYozvKcJQFnjFy2C/tqsRqno/IzaOersfREQ=";

    @Test
    void signsAsTheReferenceLibraryDoes() {
        assertEquals(REFERENCE, WebhookSignatures.sign(SECRET, ID, 1455765776L, BODY));
    }

    @Test
    void aRotationSendsBothSignaturesNewestFirst() {
        String other = WebhookSignatures.newSecret();
        String header = WebhookSignatures.header(List.of(other, SECRET), ID, 1455765776L, BODY);
        assertEquals(WebhookSignatures.sign(other, ID, 1455765776L, BODY) + " " + REFERENCE, header);
    }

    @Test
    void secretsAreStandardWebhooksSecrets() {
        String secret = WebhookSignatures.newSecret();
        assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{32}"), secret);
    }
}
