package conduit.contact;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.JobsTable;
import conduit.support.Mailbox;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contact form: 202 at once, then both emails through a real SMTP server; bad input stores and sends nothing. */
@MicronautTest(transactional = false)
class ContactApiTest extends ApiTestSupport {

    static final String OWNER = "owner@conduit.test";

    private final Mailbox mailbox = new Mailbox();

    @Inject
    Api api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.putAll(mailbox.properties());
        properties.put("conduit.contact.owner-email", OWNER);
        return properties;
    }

    @BeforeAll
    void startMailServer() {
        mailbox.start();
    }

    @AfterAll
    void stopMailServer() {
        mailbox.close();
    }

    static String message(String name, String email, String subject, String text) {
        return """
                {"contact":{"name":"%s","email":"%s","subject":"%s","message":"%s"}}""".formatted(name, email, subject, text);
    }

    @Test
    void answers202AtOnceThenMailsTheSenderAndTheOwner() throws Exception {
        String sender = Users.uniqueName("visitor") + "@example.com";
        String subject = "Question " + Users.uniqueName("q");

        var response = api.post("/api/contact", message("Ann Visitor", sender, subject, "How do I get featured?\\nThanks!"), null);

        assertEquals(202, response.status(), response.body());
        long id = response.json().get("contact").get("id").getLongValue();
        assertTrue(response.json().get("contact").get("receivedAt").getStringValue().endsWith("Z"));

        var acknowledgement = mailbox.await(sender, 1, Duration.ofSeconds(10)).get(0);
        assertEquals("We received your message (#" + id + ")", acknowledgement.subject());
        assertFalse(acknowledgement.text().contains("featured"), "the acknowledgement repeats nothing the sender wrote");
        assertFalse(acknowledgement.text().contains(subject));

        var forwarded = mailbox.await(OWNER, 1, Duration.ofSeconds(10)).stream()
                .filter(mail -> mail.subject().equals("Contact #" + id + ": " + subject))
                .findFirst().orElseThrow(() -> new AssertionError("no owner mail for #" + id));
        assertTrue(forwarded.text().contains("How do I get featured?\r\nThanks!") || forwarded.text().contains("How do I get featured?\nThanks!"),
                forwarded.text());
        assertTrue(forwarded.text().contains("Ann Visitor <" + sender + ">"), forwarded.text());

        assertEquals(1, JobsTable.await(ContactAcknowledgement.KIND, "messageId", id, "done", Duration.ofSeconds(5)).attempts());
        assertEquals(1, JobsTable.await(ContactOwnerNotification.KIND, "messageId", id, "done", Duration.ofSeconds(5)).attempts());
        Thread.sleep(500);
        assertEquals(1, mailbox.to(sender).size(), "each mail is sent once");
    }

    @Test
    void invalidMessagesAre422WithAMessagePerProblemAndStoreNothing() {
        long messagesBefore = JobsTable.count("SELECT count(*) FROM contact_messages");
        long jobsBefore = JobsTable.count("SELECT count(*) FROM jobs WHERE kind LIKE 'contact.%'");

        var blank = api.post("/api/contact", message(" ", "", "", "  "), null);
        assertEquals(422, blank.status(), blank.body());
        assertEquals(List.of("name can't be blank", "email can't be blank", "subject can't be blank", "message can't be blank"),
                blank.errors());

        var bad = api.post("/api/contact", message("Ann", "not-an-email", "two\\nlines", "x".repeat(5_001)), null);
        assertEquals(422, bad.status(), bad.body());
        assertEquals(List.of("email is invalid", "subject must be a single line", "message is too long (maximum is 5000 characters)"),
                bad.errors());

        var missing = api.post("/api/contact", "{\"contact\":{}}", null);
        assertEquals(422, missing.status(), missing.body());

        assertEquals(messagesBefore, JobsTable.count("SELECT count(*) FROM contact_messages"), "a refused message is not stored");
        assertEquals(jobsBefore, JobsTable.count("SELECT count(*) FROM jobs WHERE kind LIKE 'contact.%'"), "and queues no mail");
    }
}
