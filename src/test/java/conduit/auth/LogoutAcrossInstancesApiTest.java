package conduit.auth;

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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A logout through instance A ends the session on instance B at once: B had confirmed the session and would
 * trust it for the whole check interval (a minute here), but hears of the logout through NOTIFY.
 */
@MicronautTest(transactional = false)
class LogoutAcrossInstancesApiTest extends ApiTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    Api api;

    @Inject
    Users users;

    private EmbeddedServer instanceB;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("conduit.sessions.check-interval", "60s");
        return properties;
    }

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

    private int currentUserOnB(String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(Api.urlOf(instanceB.getApplicationContext()) + "/api/user"))
                .header("Authorization", "Token " + token).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aLogoutOnOneInstanceEndsTheSessionOnTheOthersAtOnce() throws Exception {
        var jake = users.aUser();
        var laptop = api.post("/api/users/login", """
                {"user":{"email":"%s","password":"%s"}}""".formatted(jake.email(), jake.password()), null)
                .json().get("user").get("token").getStringValue();
        assertEquals(200, currentUserOnB(jake.token()), "B confirms the session and trusts it for a minute");
        assertEquals(200, currentUserOnB(laptop));

        assertEquals(204, api.post("/api/auth/logout", null, jake.token()).status());
        long loggedOut = System.nanoTime();
        int status = currentUserOnB(jake.token());
        while (status == 200 && System.nanoTime() - loggedOut < Duration.ofSeconds(2).toNanos()) {
            Thread.sleep(20);
            status = currentUserOnB(jake.token());
        }
        long millis = (System.nanoTime() - loggedOut) / 1_000_000;
        System.out.println("Logout through A refused on B after " + millis + " ms");

        assertEquals(401, status, "B refuses the logged-out token well within the minute it would have trusted it");
        assertTrue(millis < 2_000);
        assertEquals(200, currentUserOnB(laptop), "the user's other session is untouched on B");

        assertEquals(204, api.post("/api/auth/logout-all", null, laptop).status());
        Thread.sleep(500);
        assertEquals(401, currentUserOnB(laptop), "logout-all reaches B too");
    }
}
