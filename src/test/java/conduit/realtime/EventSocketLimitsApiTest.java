package conduit.realtime;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Users;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.websocket.WebSocketClient;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.HashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Attacks on the event socket with real clients, on two instances sharing one database: a message split into
 * many fragments or deflated to get past the 4 KB limit, and a socket or ticket kept after its session was logged
 * out. The JDK's client sends uncompressed frames; Micronaut's (DeflateSocket) negotiates permessage-deflate, as
 * browsers do (src/test/browser/event-socket.test.mjs tries Chromium too).
 */
@MicronautTest(transactional = false)
class EventSocketLimitsApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    JsonMapper json;

    @Inject
    ApplicationContext context;

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
    void aMessageOfManyFragmentsPastFourKilobytesClosesTheSocketWith1009() {
        var jake = users.aUser();
        try (var client = EventClient.connect(api.url(), ticket(jake), json)) {
            client.sendFragment("{\"type\":\"subscribe\",", false);
            client.sendFragment("\"article\":\"no-such-article\"}", true);
            assertEquals("article-not-found", client.next().get("code").getStringValue(),
                    "a message in fragments under the limit is answered");

            int sent = 0;
            try {
                for (; sent < 1000; sent++) {
                    client.sendFragment("x".repeat(1024), false);
                }
            } catch (java.util.concurrent.CompletionException closedMeanwhile) {
                // the server stopped reading: what it sent before is below
            }
            assertEquals(1009, client.closed().code(), "the 5th KB of one message closes the socket, after " + sent);
        }
    }

    @Test
    void aClientsCloseIsAnsweredWithTheSameCode() {
        var jake = users.aUser();
        try (var client = EventClient.connect(api.url(), ticket(jake), json)) {
            client.sendClose(1000);

            assertEquals(1000, client.closed().code(), "not 1006: the server completes the closing handshake");
        }
    }

    @Test
    void loggingOutClosesTheSessionsSocketsOnEveryInstanceWith4401() {
        var jake = users.aUser();
        try (var onA = EventClient.connect(api.url(), ticket(jake), json);
             var onB = EventClient.connect(Api.urlOf(instanceB.getApplicationContext()), ticket(jake), json)) {
            assertEquals(204, api.post("/api/auth/logout", null, jake.token()).status());

            assertEquals(4401, onA.closed().code());
            assertEquals(4401, onB.closed().code(), "the other instance heard of the logout");
        }
    }

    @Test
    void aPasswordChangeOrLogoutEverywhereClosesEverySocketOfTheUser() {
        var jake = users.aUser();
        var second = api.post("/api/users/login", """
                {"user":{"email":"%s","password":"%s"}}""".formatted(jake.email(), jake.password()), null)
                .json().get("user").get("token").getStringValue();
        try (var first = EventClient.connect(api.url(), ticket(jake.token()), json);
             var other = EventClient.connect(Api.urlOf(instanceB.getApplicationContext()), ticket(second), json)) {
            assertEquals(200, api.put("/api/user", "{\"user\":{\"password\":\"a fresh new secret\"}}", jake.token()).status());

            assertEquals(4401, first.closed().code());
            assertEquals(4401, other.closed().code());
        }
    }

    /** The same attacks with a client that offers permessage-deflate, on both instances. */
    @Test
    void withCompressionOnBothInstancesAreHeldToTheLimitAndToLogout() throws Exception {
        var jake = users.aUser();
        String a = api.url();
        String b = Api.urlOf(instanceB.getApplicationContext());
        try (WebSocketClient toA = context.createBean(WebSocketClient.class, new URL(a));
             WebSocketClient toB = context.createBean(WebSocketClient.class, new URL(b))) {
            for (var target : java.util.List.of(toA, toB)) {
                try (var socket = DeflateSocket.connect(target, ticket(jake))) {
                    socket.send("a".repeat(4_000_000));
                    assertEquals(1009, socket.closedWith(), "a message that deflates to a few KB is still 4 MB");
                }
            }
            try (var onA = DeflateSocket.connect(toA, ticket(jake)); var onB = DeflateSocket.connect(toB, ticket(jake))) {
                assertEquals(204, api.post("/api/auth/logout", null, jake.token()).status());

                assertEquals(4401, onA.closedWith());
                assertEquals(4401, onB.closedWith());
            }
        }
    }

    @Test
    void aTicketIssuedBeforeLogoutOpensNothingAfterIt() {
        var jake = users.aUser();
        String ticket = ticket(jake);

        assertEquals(204, api.post("/api/auth/logout", null, jake.token()).status());

        assertEquals(401, EventClient.refusal(api.url(), ticket));
    }

    private String ticket(Users.Registered user) {
        return ticket(user.token());
    }

    private String ticket(String token) {
        var response = api.post("/api/events/tickets", null, token);
        assertEquals(201, response.status(), response.body());
        return response.json().get("ticket").get("url").getStringValue();
    }
}
