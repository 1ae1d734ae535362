package conduit.realtime;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.Users;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances of the service on one database, as behind a load balancer: instance A is the test's
 * application, instance B a second one started here on its own port. A ticket from A opens a socket
 * on B, and what is written through A reaches the socket on B within a second.
 */
@MicronautTest(transactional = false)
class TwoInstancesApiTest extends ApiTestSupport {

    private static final Duration WITHIN = Duration.ofSeconds(1);

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Inject
    JsonMapper json;

    private EmbeddedServer instanceB;

    @BeforeAll
    void startInstanceB() {
        Map<String, Object> properties = new HashMap<>(getProperties());
        instanceB = ApplicationContext.run(EmbeddedServer.class, properties, "test");
    }

    @AfterAll
    void stopInstanceB() {
        if (instanceB != null) {
            instanceB.getApplicationContext().close();
        }
    }

    @Test
    void aCommentPostedThroughAReachesASocketOnBWithinASecond() {
        var author = users.aUser();
        var reader = users.aUser();
        var article = articles.anArticle(author);
        List<Long> latencies = new ArrayList<>();

        try (var onB = EventClient.connect(Api.urlOf(instanceB.getApplicationContext()), ticketFromA(reader), json)) {
            onB.subscribe(article.slug());
            for (int i = 1; i <= 5; i++) {
                long started = System.nanoTime();
                var posted = api.post(article.path() + "/comments", "{\"comment\":{\"body\":\"via A #" + i + "\"}}",
                        author.token());
                assertEquals(201, posted.status(), posted.body());

                var event = onB.next(WITHIN);
                long millis = (System.nanoTime() - started) / 1_000_000;
                latencies.add(millis);
                assertEquals("comment.created", event.get("type").getStringValue());
                assertEquals("via A #" + i, event.get("comment").get("body").getStringValue());
                assertTrue(millis < WITHIN.toMillis(), "event reached B after " + millis + " ms");
            }
        }
        System.out.println("Comment via instance A -> event on instance B's socket, ms from POST to receipt: " + latencies);
    }

    @Test
    void aFollowThroughAReachesTheFolloweeOnB() {
        var followee = users.aUser();
        var follower = users.aUser();

        try (var onB = EventClient.connect(Api.urlOf(instanceB.getApplicationContext()), ticketFromA(followee), json)) {
            api.post("/api/profiles/" + followee.username() + "/follow", null, follower.token());

            var event = onB.next(WITHIN);
            assertEquals("follower.added", event.get("type").getStringValue());
            assertEquals(follower.username(), event.get("follower").get("username").getStringValue());
        }
    }

    private String ticketFromA(Users.Registered user) {
        var response = api.post("/api/events/tickets", null, user.token());
        assertEquals(201, response.status(), response.body());
        return response.json().get("ticket").get("url").getStringValue();
    }
}
