package conduit.notification;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.JobsTable;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Without an SMTP server, follows and comments queue no notification job: it could only fail, retry for hours and
 * pile up under a steady stream of writes. The writes themselves succeed.
 */
@MicronautTest(transactional = false)
class NotificationsWithoutMailApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("conduit.mail.smtp.host", "");
        return properties;
    }

    @Test
    void followsAndCommentsQueueNoMailThatCouldNeverBeSent() throws Exception {
        var jake = users.aUser();
        var anna = users.aUser();
        String slug = articles.publish(jake, "Quiet " + Users.uniqueName("t"), List.of()).slug();

        assertEquals(200, api.post("/api/profiles/" + jake.username() + "/follow", null, anna.token()).status());
        var comment = api.post("/api/articles/" + slug + "/comments", "{\"comment\":{\"body\":\"Nice\"}}", anna.token());
        assertEquals(201, comment.status(), comment.body());
        long commentId = comment.json().get("comment").get("id").getLongValue();

        assertEquals(List.of(), JobsTable.find(CommentMail.KIND, "commentId", commentId));
        long jakeId = Long.parseLong(com.nimbusds.jwt.SignedJWT.parse(jake.token()).getJWTClaimsSet().getSubject());
        assertEquals(List.of(), JobsTable.find(FollowerMail.KIND, "followeeId", jakeId));
        assertEquals(0, JobsTable.count("SELECT count(*) FROM notification_mails WHERE recipient_id = " + jakeId),
                "nothing is claimed against the recipient's hourly budget either");
    }
}
