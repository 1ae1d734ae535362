package conduit.notification;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Emails about new followers and new comments, through a real SMTP server, and the per-user opt-out. */
@MicronautTest(transactional = false)
class NotificationApiTest extends ApiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Mailbox mailbox = new Mailbox();

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.putAll(mailbox.properties());
        properties.put("conduit.notifications.max-per-hour", "4");
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

    private static long idOf(Users.Registered user) throws Exception {
        return Long.parseLong(com.nimbusds.jwt.SignedJWT.parse(user.token()).getJWTClaimsSet().getSubject());
    }

    @Test
    void aNewFollowerIsMailedOnceEvenWhenTheFollowIsRepeated() throws Exception {
        var jake = users.aUser();
        var anna = users.aUser();

        assertEquals(200, api.post("/api/profiles/" + jake.username() + "/follow", null, anna.token()).status());
        assertEquals(200, api.post("/api/profiles/" + jake.username() + "/follow", null, anna.token()).status());

        var mail = mailbox.await(jake.email(), 1, WAIT).get(0);
        assertEquals(anna.username() + " is now following you on Conduit", mail.subject());
        assertTrue(mail.text().contains("Hello " + jake.username()), mail.text());
        JobsTable.await(FollowerMail.KIND, "followeeId", idOf(jake), "done", WAIT);
        assertEquals(1, mailbox.to(jake.email()).size(), "following again is no news");
    }

    @Test
    void aCommentMailsTheArticlesAuthorButNotForTheirOwnComments() throws Exception {
        var jake = users.aUser();
        var anna = users.aUser();
        String slug = articles.publish(jake, "Dragons " + Users.uniqueName("t"), java.util.List.of()).slug();

        var byAnna = api.post("/api/articles/" + slug + "/comments", "{\"comment\":{\"body\":\"Great read!\"}}", anna.token());
        assertEquals(201, byAnna.status(), byAnna.body());
        var byJake = api.post("/api/articles/" + slug + "/comments", "{\"comment\":{\"body\":\"Thanks!\"}}", jake.token());
        long jakesComment = byJake.json().get("comment").get("id").getLongValue();

        var mail = mailbox.await(jake.email(), 1, WAIT).get(0);
        assertTrue(mail.subject().startsWith(anna.username() + " commented on \"Dragons"), mail.subject());
        assertTrue(mail.text().contains("Great read!"), mail.text());
        JobsTable.await(CommentMail.KIND, "commentId", jakesComment, "done", WAIT);
        assertEquals(1, mailbox.to(jake.email()).size(), "no mail about one's own comment");
    }

    /** Attack: follow, unfollow and follow again to flood somebody's inbox. */
    @Test
    void followingUnfollowingAndFollowingAgainIsMailedOnce() throws Exception {
        var jake = users.aUser();
        var anna = users.aUser();
        String follow = "/api/profiles/" + jake.username() + "/follow";

        for (int i = 0; i < 5; i++) {
            assertEquals(200, api.post(follow, null, anna.token()).status());
            assertEquals(200, api.delete(follow, anna.token()).status());
        }
        assertEquals(200, api.post(follow, null, anna.token()).status());

        try {
            mailbox.await(jake.email(), 1, WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; jobs: " + JobsTable.find(FollowerMail.KIND, "followeeId", idOf(jake)), e);
        }
        Thread.sleep(1000);
        // A queued mail that ran while unfollowed sent nothing and let a later follow queue another: still one mail.
        assertEquals(1, mailbox.to(jake.email()).size(), "one mail, not six");
    }

    @Test
    void aRecipientGetsAtMostTheHourlyNumberOfNotificationMails() throws Exception {
        var jake = users.aUser();
        for (int i = 0; i < 6; i++) {
            assertEquals(200, api.post("/api/profiles/" + jake.username() + "/follow", null, users.aUser().token()).status());
        }

        mailbox.await(jake.email(), 4, WAIT);
        Thread.sleep(1000);
        assertEquals(4, JobsTable.find(FollowerMail.KIND, "followeeId", idOf(jake)).size(), "max-per-hour is 4 here");
        assertEquals(4, mailbox.to(jake.email()).size());
    }

    @Test
    void usersWhoOptedOutGetNoMail() throws Exception {
        var jake = users.aUser();
        var anna = users.aUser();

        var optOut = api.put("/api/user", "{\"user\":{\"emailNotifications\":false}}", jake.token());
        assertEquals(200, optOut.status(), optOut.body());
        assertFalse(optOut.json().get("user").get("emailNotifications").getBooleanValue());
        assertFalse(api.get("/api/user", jake.token()).json().get("user").get("emailNotifications").getBooleanValue());

        api.post("/api/profiles/" + jake.username() + "/follow", null, anna.token());
        String slug = articles.publish(jake, "Quiet " + Users.uniqueName("t"), java.util.List.of()).slug();
        long comment = api.post("/api/articles/" + slug + "/comments", "{\"comment\":{\"body\":\"Hello\"}}", anna.token())
                .json().get("comment").get("id").getLongValue();

        JobsTable.await(FollowerMail.KIND, "followeeId", idOf(jake), "done", WAIT);
        JobsTable.await(CommentMail.KIND, "commentId", comment, "done", WAIT);
        assertEquals(0, mailbox.to(jake.email()).size(), "the jobs ran and sent nothing");

        assertEquals(200, api.put("/api/user", "{\"user\":{\"emailNotifications\":true}}", jake.token()).status());
        var carl = users.aUser();
        api.post("/api/profiles/" + jake.username() + "/follow", null, carl.token());
        assertEquals(carl.username() + " is now following you on Conduit", mailbox.await(jake.email(), 1, WAIT).get(0).subject());
    }
}
