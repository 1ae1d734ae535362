package conduit.webhook;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Users;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two instances share the queue: their workers race for every delivery, and each is made once. */
@MicronautTest(transactional = false)
class WebhookTwoInstancesApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    private EmbeddedServer instanceB;

    @BeforeAll
    void startInstanceB() {
        instanceB = ApplicationContext.run(EmbeddedServer.class, new HashMap<>(getProperties()), "test");
    }

    @AfterAll
    void stopInstanceB() {
        if (instanceB != null) {
            instanceB.getApplicationContext().close();
        }
    }

    @Test
    void everyDeliveryIsMadeOnceWhenTwoInstancesWork() throws Exception {
        try (var receiver = new Receiver()) {
            var followed = users.aUser();
            assertEquals(201, api.post("/api/user/webhooks", """
                    {"webhook":{"url":"%s","eventTypes":["follower.added"]}}""".formatted(receiver.url()),
                    followed.token()).status());
            int events = 30;
            for (int i = 0; i < events; i++) {
                api.post("/api/profiles/" + followed.username() + "/follow", null, users.aUser().token());
            }

            receiver.await(events, Duration.ofSeconds(20));
            Thread.sleep(1000);
            Map<String, Long> byMessage = receiver.requests().stream()
                    .collect(Collectors.groupingBy(request -> request.header("webhook-id"), Collectors.counting()));
            assertEquals(events, byMessage.size(), "every event arrived");
            assertEquals(Map.of(), byMessage.entrySet().stream().filter(entry -> entry.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "none twice");
        }
    }
}
