package conduit.contact;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.JobsTable;
import conduit.support.Mailbox;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mail server is down when the message arrives: the job fails, waits, retries, and the mail is delivered once. */
@MicronautTest(transactional = false)
class ContactSmtpOutageApiTest extends ApiTestSupport {

    private final Mailbox mailbox = new Mailbox();

    @Inject
    Api api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.putAll(mailbox.properties());
        properties.put("conduit.contact.owner-email", "owner@conduit.test");
        return properties;
    }

    @AfterAll
    void stopMailServer() {
        mailbox.close();
    }

    @Test
    void aFailedSendIsRetriedUntilTheMailServerIsBack() throws Exception {
        String sender = Users.uniqueName("patient") + "@example.com";

        var response = api.post("/api/contact", ContactApiTest.message("Pat", sender, "Hello", "Anyone there?"), null);
        assertEquals(202, response.status(), "the answer does not wait for the mail server: " + response.body());
        long id = response.json().get("contact").get("id").getLongValue();

        // The first attempt fails (nothing listens on the SMTP port) and the job waits for its retry.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JobsTable.Job job;
        do {
            Thread.sleep(50);
            job = JobsTable.find(ContactAcknowledgement.KIND, "messageId", id).get(0);
        } while ((job.attempts() < 1 || job.lastError() == null || !job.state().equals("queued")) && System.nanoTime() < deadline);
        assertEquals("queued", job.state(), "a failed attempt puts the job back in the queue: " + job);
        assertTrue(job.lastError().contains("Connection refused") || job.lastError().contains("connect"), job.lastError());

        mailbox.start();

        var delivered = mailbox.await(sender, 1, Duration.ofSeconds(15));
        assertEquals("We received your message (#" + id + ")", delivered.get(0).subject());
        var done = JobsTable.await(ContactAcknowledgement.KIND, "messageId", id, "done", Duration.ofSeconds(5));
        assertTrue(done.attempts() >= 2, "delivered on a retry: " + done);
        Thread.sleep(500);
        assertEquals(1, mailbox.to(sender).size(), "delivered exactly once");
    }
}
