package conduit.realtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import conduit.support.Api;
import conduit.support.Articles;
import conduit.support.ApiTestSupport;
import conduit.support.TestDatabase;
import conduit.support.Users;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tickets open the event socket: once, within 30 seconds, and only with a token to get one. */
@MicronautTest(transactional = false)
class EventTicketApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;


    @Inject
    JsonMapper json;

    @Test
    void issuesASingleUseTicketValidForThirtySeconds() {
        var response = api.post("/api/events/tickets", null, users.aUser().token());

        assertEquals(201, response.status(), response.body());
        var ticket = response.json().get("ticket");
        String value = ticket.get("value").getStringValue();
        assertTrue(value.length() >= 40, value);
        assertEquals("/api/events?ticket=" + value, ticket.get("url").getStringValue());
        Duration left = Duration.between(Instant.now(), Instant.parse(ticket.get("expiresAt").getStringValue()));
        assertTrue(left.compareTo(Duration.ofSeconds(25)) > 0 && left.compareTo(Duration.ofSeconds(31)) < 0, left.toString());
        assertEquals("no-store", response.header("Cache-Control").orElse(""));
    }

    @Test
    void ticketsNeedAToken() {
        var response = api.post("/api/events/tickets", null, null);

        assertEquals(401, response.status());
        assertEquals(List.of("token is missing"), response.errors());
    }

    @Test
    void everyTicketIsDifferent() {
        String token = users.aUser().token();
        assertTrue(!ticketUrl(token).equals(ticketUrl(token)));
    }

    @Test
    void aTicketOpensTheSocketOnce() {
        String url = ticketUrl(users.aUser().token());

        try (var client = EventClient.connect(api.url(), url, json)) {
            assertEquals(401, EventClient.refusal(api.url(), url));
        }
    }

    @Test
    void noTicketOrAnUnknownOneIsRefusedBeforeTheUpgrade() {
        String base = api.url();

        assertEquals(401, EventClient.refusal(base, "/api/events"));
        assertEquals(401, EventClient.refusal(base, "/api/events?ticket="));
        assertEquals(401, EventClient.refusal(base, "/api/events?ticket=2b7Yq0V8lqkG3gQy1sJpTz9cR4uXe6WmNaHdFoLiKvE"));
    }

    @Test
    void browsersMayOpenTheSocketOnlyFromAllowedOrigins() {
        String base = api.url();
        String token = users.aUser().token();

        assertEquals(403, EventClient.refusal(base, ticketUrl(token), Map.of("Origin", "https://evil.example")));
        try (var client = EventClient.connect(base, ticketUrl(token), Map.of("Origin", "http://localhost:3000"), json)) {
            assertTrue(client != null);
        }
    }

    @Test
    void anExpiredTicketIsRefused() throws SQLException {
        var user = users.aUser();
        String url = ticketUrl(user.token());
        try (var connection = TestDatabase.connect();
             var statement = connection.prepareStatement("""
                     UPDATE event_tickets SET expires_at = now() - interval '1 second'
                     WHERE user_id = (SELECT id FROM users WHERE username = ?)""")) {
            statement.setString(1, user.username());
            assertEquals(1, statement.executeUpdate());
        }

        assertEquals(401, EventClient.refusal(api.url(), url));
    }

    @Test
    void aPlainGetIsTold426UpgradeRequiredAndKeepsTheTicket() {
        String url = ticketUrl(users.aUser().token());

        var response = api.get(url, null);

        assertEquals(426, response.status());
        assertEquals("websocket", response.header("Upgrade").orElse(""));
        assertEquals(List.of("upgrade must be a WebSocket upgrade"), response.errors());
        try (var client = EventClient.connect(api.url(), url, json)) {
            assertTrue(client != null);
        }
    }

    @Test
    void theTicketNeverReachesTheLogs() {
        var user = users.aUser();
        var article = articles.anArticle(user);
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.INFO);
        String url;
        try {
            url = ticketUrl(user.token());
            try (var client = EventClient.connect(api.url(), url, json)) {
                client.subscribe(article.slug());
                api.post(article.path() + "/comments", "{\"comment\":{\"body\":\"logged?\"}}", user.token());
                client.next();
            }
            EventClient.refusal(api.url(), url);
        } finally {
            root.setLevel(level);
            root.detachAppender(captured);
        }

        String ticket = url.substring(url.indexOf('=') + 1);
        assertTrue(captured.list.stream().anyMatch(event -> event.getFormattedMessage().contains("route=/api/events ")),
                "the upgrade is in the access log, by its route template");
        captured.list.forEach(event -> {
            String logged = event.getFormattedMessage() + Arrays.toString(event.getArgumentArray()) + event.getMDCPropertyMap();
            assertTrue(!logged.contains(ticket), "logged the ticket: " + logged);
        });
    }

    private String ticketUrl(String token) {
        var response = api.post("/api/events/tickets", null, token);
        assertEquals(201, response.status(), response.body());
        return response.json().get("ticket").get("url").getStringValue();
    }
}
