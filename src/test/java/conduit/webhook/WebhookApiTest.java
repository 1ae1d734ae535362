package conduit.webhook;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.JobsTable;
import conduit.support.Mailbox;
import conduit.support.Users;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks end to end: a real receiver over HTTP gets Standard Webhooks deliveries from the job queue, and the
 * signatures are checked here with the specification's algorithm, written again from its text.
 */
@MicronautTest(transactional = false)
@Property(name = "conduit.webhooks.disable-after", value = "2")
class WebhookApiTest extends ApiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Inject
    JsonMapper json;

    private JsonNode register(Users.Registered owner, String url, String... types) {
        String list = String.join("\",\"", types);
        var response = api.post("/api/user/webhooks", """
                {"webhook":{"url":"%s","eventTypes":["%s"],"description":"test receiver"}}""".formatted(url, list),
                owner.token());
        assertEquals(201, response.status(), response.body());
        return response.json().get("webhook");
    }

    /** Standard Webhooks, from its specification: v1,base64(HMAC-SHA256(base64decode(secret), id.ts.body)). */
    private static String expectedSignature(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    private JsonNode log(Users.Registered owner, long webhookId) {
        var response = api.get("/api/user/webhooks/" + webhookId + "/deliveries", owner.token());
        assertEquals(200, response.status(), response.body());
        return response.json().get("deliveries");
    }

    private JsonNode awaitState(Users.Registered owner, long webhookId, String state) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        JsonNode deliveries = log(owner, webhookId);
        while (System.nanoTime() < until && (deliveries.size() == 0
                || !deliveries.get(0).get("state").getStringValue().equals(state))) {
            Thread.sleep(50);
            deliveries = log(owner, webhookId);
        }
        return deliveries;
    }

    @Test
    void aCommentReachesTheAuthorsEndpointSignedPerStandardWebhooks() throws Exception {
        try (var receiver = new Receiver()) {
            var author = users.aUser();
            var reader = users.aUser();
            var article = articles.anArticle(author);
            var webhook = register(author, receiver.url(), "comment.created");
            String secret = webhook.get("secret").getStringValue();
            assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{32}"), secret);

            assertEquals(201, api.post(article.path() + "/comments", "{\"comment\":{\"body\":\"First!\"}}",
                    reader.token()).status());

            var request = receiver.await(1, WAIT).get(0);
            String id = request.header("webhook-id");
            String timestamp = request.header("webhook-timestamp");
            assertTrue(id.startsWith("msg_"), id);
            assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) < 60);
            assertEquals(expectedSignature(secret, id, timestamp, request.body()), request.header("webhook-signature"));
            assertEquals("application/json", request.header("content-type"));
            var message = json.readValue(request.body(), JsonNode.class);
            assertEquals("comment.created", message.get("type").getStringValue());
            assertEquals("First!", message.get("data").get("comment").get("body").getStringValue());
            assertEquals(reader.username(), message.get("data").get("comment").get("author").get("username").getStringValue());
            assertEquals(article.slug(), message.get("data").get("article").get("slug").getStringValue());

            var delivered = awaitState(author, webhook.get("id").getLongValue(), "delivered").get(0);
            assertEquals(id, delivered.get("messageId").getStringValue());
            assertEquals(1, delivered.get("attempts").size());
            assertEquals(204, delivered.get("attempts").get(0).get("statusCode").getIntValue());
            Thread.sleep(500);
            assertEquals(1, receiver.requests().size(), "delivered once");
        }
    }

    @Test
    void aReceiverThatIsDownAtFirstGetsTheEventOnceWhenItRecovers() throws Exception {
        try (var receiver = new Receiver()) {
            var followed = users.aUser();
            var webhook = register(followed, receiver.url(), "follower.added");
            receiver.answer(503, 500);
            var fan = users.aUser();

            assertEquals(200, api.post("/api/profiles/" + followed.username() + "/follow", null, fan.token()).status());

            var deliveries = awaitState(followed, webhook.get("id").getLongValue(), "delivered");
            var attempts = deliveries.get(0).get("attempts");
            assertEquals(3, attempts.size(), deliveries.toString());
            assertEquals(503, attempts.get(0).get("statusCode").getIntValue());
            assertEquals("answered 503", attempts.get(0).get("error").getStringValue());
            assertEquals(200 / 100, attempts.get(2).get("statusCode").getIntValue() / 100);
            var requests = receiver.requests();
            assertEquals(3, requests.size());
            assertEquals(1, requests.stream().filter(request -> request.answered() / 100 == 2).count(), "accepted once");
            assertEquals(1, requests.stream().map(request -> request.header("webhook-id")).distinct().count(),
                    "every retry carries the same webhook-id");
            assertTrue(requests.get(0).body().contains(fan.username()));
        }
    }

    @Test
    void deliveriesThatKeepFailingAreGivenUpAndTheEndpointDisabledWithAnEmail() throws Exception {
        try (var receiver = new Receiver()) {
            receiver.answerAlways(500);
            var followed = users.aUser();
            long webhookId = register(followed, receiver.url(), "follower.added").get("id").getLongValue();

            for (int i = 0; i < 2; i++) {
                var fan = users.aUser();
                api.post("/api/profiles/" + followed.username() + "/follow", null, fan.token());
                awaitState(followed, webhookId, "failed");
                receiver.await(4 * (i + 1), WAIT);
            }

            long until = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < until && Mailbox.shared().to(followed.email()).stream()
                    .noneMatch(mail -> mail.subject().equals("Your webhook endpoint was disabled"))) {
                Thread.sleep(50);
            }
            var told = Mailbox.shared().to(followed.email()).stream()
                    .filter(mail -> mail.subject().equals("Your webhook endpoint was disabled")).toList();
            assertEquals(1, told.size(), "the owner is told once");
            assertTrue(told.get(0).text().contains(receiver.url()), told.get(0).text());
            var listed = api.get("/api/user/webhooks", followed.token()).json().get("webhooks").get(0);
            assertNotNull(listed.get("disabledAt").getValue(), "disabled after 2 deliveries given up in a row");
            assertEquals(8, receiver.requests().size(), "four attempts each");

            var fan = users.aUser();
            api.post("/api/profiles/" + followed.username() + "/follow", null, fan.token());
            Thread.sleep(1000);
            assertEquals(8, receiver.requests().size(), "a disabled endpoint gets nothing more");

            // Its owner fixes the receiver and turns it back on: events flow again, and the count starts afresh.
            var stranger = users.aUser();
            assertEquals(404, api.post("/api/user/webhooks/" + webhookId + "/enable", null, stranger.token()).status(),
                    "only the owner can enable it");
            receiver.answerAlways(204);
            var enabled = api.post("/api/user/webhooks/" + webhookId + "/enable", null, followed.token());
            assertEquals(200, enabled.status(), enabled.body());
            assertTrue(enabled.json().get("webhook").get("disabledAt").isNull(), enabled.body());
            assertEquals(0, JobsTable.count("SELECT consecutive_failures FROM webhook_endpoints WHERE id = " + webhookId));
            var later = users.aUser();
            api.post("/api/profiles/" + followed.username() + "/follow", null, later.token());
            receiver.await(9, WAIT);
            assertTrue(receiver.requests().get(8).body().contains(later.username()), "the event after enabling arrives");
            assertTrue(api.get("/api/user/webhooks", followed.token()).json().get("webhooks").get(0).get("disabledAt").isNull());
        }
    }

    @Test
    void afterARotationBothSecretsSignUntilTheOverlapEnds() throws Exception {
        try (var receiver = new Receiver()) {
            var followed = users.aUser();
            var webhook = register(followed, receiver.url(), "follower.added");
            String old = webhook.get("secret").getStringValue();
            var rotated = api.post("/api/user/webhooks/" + webhook.get("id").getLongValue() + "/rotate-secret", null,
                    followed.token());
            assertEquals(200, rotated.status(), rotated.body());
            String fresh = rotated.json().get("webhook").get("secret").getStringValue();
            assertNotEquals(old, fresh);

            api.post("/api/profiles/" + followed.username() + "/follow", null, users.aUser().token());

            var request = receiver.await(1, WAIT).get(0);
            String id = request.header("webhook-id");
            String timestamp = request.header("webhook-timestamp");
            assertEquals(expectedSignature(fresh, id, timestamp, request.body()) + " "
                    + expectedSignature(old, id, timestamp, request.body()), request.header("webhook-signature"));
        }
    }

    @Test
    void aDeliveryCanBeSentAgainWithTheSameMessageId() throws Exception {
        try (var receiver = new Receiver()) {
            var followed = users.aUser();
            long webhookId = register(followed, receiver.url(), "follower.added").get("id").getLongValue();
            api.post("/api/profiles/" + followed.username() + "/follow", null, users.aUser().token());
            var delivery = awaitState(followed, webhookId, "delivered").get(0);

            var again = api.post("/api/user/webhooks/" + webhookId + "/deliveries/" + delivery.get("id").getLongValue()
                    + "/redeliver", null, followed.token());
            assertEquals(202, again.status(), again.body());

            var requests = receiver.await(2, WAIT);
            assertEquals(2, requests.size());
            assertEquals(requests.get(0).header("webhook-id"), requests.get(1).header("webhook-id"));
            var stranger = users.aUser();
            assertEquals(404, api.post("/api/user/webhooks/" + webhookId + "/deliveries/" + delivery.get("id").getLongValue()
                    + "/redeliver", null, stranger.token()).status(), "not someone else's");
        }
    }

    @Test
    void aDeletedArticleIsDescribedAsItWasToTheAuthorsFollowers() throws Exception {
        try (var receiver = new Receiver()) {
            var author = users.aUser();
            var follower = users.aUser();
            api.post("/api/profiles/" + author.username() + "/follow", null, follower.token());
            register(follower, receiver.url(), "article.created", "article.deleted");
            var article = articles.anArticle(author);
            assertEquals(204, api.delete(article.path(), author.token()).status());

            var requests = receiver.await(2, WAIT);
            var types = requests.stream().map(request -> request.body().contains("\"article.deleted\"") ? "deleted" : "created")
                    .sorted().toList();
            assertEquals(List.of("created", "deleted"), types, "ordering is not promised, both arrive");
            var deleted = requests.stream().filter(request -> request.body().contains("\"article.deleted\"")).findFirst().orElseThrow();
            var data = json.readValue(deleted.body(), JsonNode.class).get("data").get("article");
            assertEquals(article.slug(), data.get("slug").getStringValue());
            assertEquals(author.username(), data.get("author").get("username").getStringValue());
            assertNotEquals(requests.get(0).header("webhook-id"), requests.get(1).header("webhook-id"));
        }
    }

    @Test
    void registrationRefusesWhatCanNeverBeDelivered() {
        var owner = users.aUser();
        var unknown = api.post("/api/user/webhooks", """
                {"webhook":{"url":"ftp://example.com/x","eventTypes":["article.exploded"]}}""", owner.token());
        assertEquals(422, unknown.status());
        assertEquals(Map.of("url", List.of("must use https"), "eventTypes", List.of("has an unknown event type 'article.exploded'")),
                unknown.errorMap());
        var nothing = api.post("/api/user/webhooks", "{\"webhook\":{\"url\":\"\",\"eventTypes\":[]}}", owner.token());
        assertEquals(Map.of("url", List.of("can't be blank"), "eventTypes", List.of("can't be blank")), nothing.errorMap());
    }
}
