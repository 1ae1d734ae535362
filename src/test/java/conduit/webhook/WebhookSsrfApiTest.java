package conduit.webhook;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Users;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With production settings (no insecure loopback), an attacker who registers a webhook cannot make the service
 * call inside its own network: literal private addresses are refused at registration, and a name that resolves to
 * one (here localhost, where a real receiver listens) is refused at delivery, so nothing reaches the receiver.
 */
@MicronautTest(transactional = false)
@Property(name = "conduit.webhooks.allow-insecure-loopback", value = "false")
class WebhookSsrfApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    private int register(Users.Registered owner, String url) {
        return api.post("/api/user/webhooks", """
                {"webhook":{"url":"%s","eventTypes":["follower.added"]}}""".formatted(url), owner.token()).status();
    }

    @Test
    void privateAndLoopbackTargetsAreRefusedAtRegistration() {
        var attacker = users.aUser();
        for (String url : List.of("http://example.com/hook", "https://127.0.0.1/hook", "https://10.1.2.3/hook",
                "https://192.168.0.10/hook", "https://172.20.0.1/hook", "https://169.254.169.254/latest/meta-data",
                "https://[::1]/hook", "https://[fd00:ec2::254]/hook", "https://[::ffff:127.0.0.1]/hook",
                "https://0.0.0.0/hook", "https://100.64.0.1/hook", "https://user:pass@example.com/hook")) {
            assertEquals(422, register(attacker, url), url);
        }
        assertEquals(0, api.get("/api/user/webhooks", attacker.token()).json().get("webhooks").size());
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedAtDeliveryAndNothingIsSent() throws Exception {
        try (var receiver = new Receiver()) {
            var owner = users.aUser();
            var created = api.post("/api/user/webhooks", """
                    {"webhook":{"url":"https://localhost:%d/hook","eventTypes":["follower.added"]}}"""
                    .formatted(receiver.port()), owner.token());
            assertEquals(201, created.status(), "a name is checked when it is resolved: " + created.body());
            long webhookId = created.json().get("webhook").get("id").getLongValue();

            api.post("/api/profiles/" + owner.username() + "/follow", null, users.aUser().token());

            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            var deliveries = api.get("/api/user/webhooks/" + webhookId + "/deliveries", owner.token()).json().get("deliveries");
            while (System.nanoTime() < until && (deliveries.size() == 0
                    || !deliveries.get(0).get("state").getStringValue().equals("failed"))) {
                Thread.sleep(50);
                deliveries = api.get("/api/user/webhooks/" + webhookId + "/deliveries", owner.token()).json().get("deliveries");
            }
            var attempts = deliveries.get(0).get("attempts");
            assertEquals("failed", deliveries.get(0).get("state").getStringValue());
            String error = attempts.get(0).get("error").getStringValue();
            assertTrue(error.contains("loopback"), error);
            assertEquals(0, receiver.requests().size(), "nothing reached the address inside");
        }
    }
}
