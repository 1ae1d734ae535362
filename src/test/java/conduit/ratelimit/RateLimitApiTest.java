package conduit.ratelimit;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Users;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Limits behind a trusted reverse proxy (127.0.0.1 here), so X-Forwarded-For names the client and
 * each test can be its own client. Day-long windows keep a window boundary out of any test.
 */
@MicronautTest(transactional = false)
@Property(name = "conduit.rate-limit.enabled", value = "true")
@Property(name = "conduit.rate-limit.failed-logins-per-address", value = "5/24h")
@Property(name = "conduit.rate-limit.failed-logins-per-account", value = "8/24h")
@Property(name = "conduit.rate-limit.registrations-per-address", value = "3/24h")
@Property(name = "conduit.rate-limit.writes-per-user", value = "4/24h")
@Property(name = "conduit.http.trusted-proxies", value = "127.0.0.1")
class RateLimitApiTest extends ApiTestSupport {

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    @Inject
    Api api;

    @Inject
    Users users;

    @Test
    void theSixthRapidFailedLoginFromOneAddressGets429WithRetryAfter() {
        var jake = users.aUserFrom(newClient());
        String client = newClient();

        for (int i = 1; i <= 5; i++) {
            assertEquals(401, login(jake.email(), "wrong", client).status(), "attempt " + i);
        }
        var sixth = login(jake.email(), "wrong", client);

        assertEquals(429, sixth.status());
        assertTrue(sixth.errors().get(0).startsWith("rateLimit is exceeded; try again in "), sixth.body());
        long retryAfter = Long.parseLong(sixth.header("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 24 * 3600, "Retry-After " + retryAfter);
        assertEquals("5", sixth.header("RateLimit-Limit").orElse(null));
        assertEquals("0", sixth.header("RateLimit-Remaining").orElse(null));
        assertEquals("5;w=86400", sixth.header("RateLimit-Policy").orElse(null));
        assertEquals(429, login(jake.email(), jake.password(), client).status(), "even the right password waits");
        assertEquals(200, login(jake.email(), jake.password(), newClient()).status(), "other clients are unaffected");
    }

    @Test
    void everyLoginAnswerTellsHowManyFailedAttemptsTheAddressHasLeft() {
        var jake = users.aUserFrom(newClient());
        String client = newClient();

        var success = login(jake.email(), jake.password(), client);
        var failure = login(jake.email(), "wrong", client);

        assertEquals(200, success.status());
        assertEquals("5", success.header("RateLimit-Limit").orElse(null), success.headers().toString());
        assertEquals("5", success.header("RateLimit-Remaining").orElse(null));
        assertEquals(401, failure.status());
        assertEquals("4", failure.header("RateLimit-Remaining").orElse(null), failure.headers().toString());
        assertTrue(failure.header("RateLimit-Policy").isPresent());
    }

    @Test
    void failedLoginsAgainstOneAccountAreLimitedAcrossAddresses() {
        var target = users.aUserFrom(newClient());
        for (int i = 1; i <= 8; i++) {
            assertEquals(401, login(target.email(), "guess" + i, newClient()).status(), "attempt " + i);
        }

        var ninth = login(target.email(), "guess9", newClient());

        assertEquals(429, ninth.status());
        assertEquals("8", ninth.header("RateLimit-Limit").orElse(null));
    }

    @Test
    void successfulLoginsAreNotCounted() {
        var jake = users.aUserFrom(newClient());
        String client = newClient();

        for (int i = 0; i < 7; i++) {
            assertEquals(200, login(jake.email(), jake.password(), client).status(), "login " + i);
        }
    }

    @Test
    void registrationsAreLimitedPerAddress() {
        String client = newClient();
        for (int i = 1; i <= 3; i++) {
            var response = register(Users.uniqueName("burst"), client);
            assertEquals(201, response.status(), response.body());
            assertEquals(Integer.toString(3 - i), response.header("RateLimit-Remaining").orElse(null));
        }

        var fourth = register(Users.uniqueName("burst"), client);

        assertEquals(429, fourth.status());
        assertTrue(fourth.header("Retry-After").isPresent());
    }

    @Test
    void writesAreLimitedPerUserAndRefusedWritesChangeNothing() {
        var jake = users.aUserFrom(newClient());
        for (int i = 1; i <= 4; i++) {
            assertEquals(200, updateBio(jake.token(), "bio " + i).status());
        }

        var fifth = updateBio(jake.token(), "too many");

        assertEquals(429, fifth.status());
        assertEquals("bio 4", api.get("/api/user", jake.token()).json().get("user").get("bio").getStringValue());
        assertEquals(200, api.get("/api/articles", jake.token()).status(), "reads are not limited");
    }

    @Test
    void aMethodNoOperationTakesGets405NotARateLimit() {
        String client = newClient();
        for (int i = 1; i <= 5; i++) {
            var response = api.send("PATCH", "/api/users", "{}", Map.of("X-Forwarded-For", client));
            assertEquals(405, response.status(), "attempt " + i + ": " + response.body());
        }
        assertEquals(201, register(Users.uniqueName("after"), client).status(), "and no registration budget was spent");
    }

    /** Attack: a thief with a stolen token spends the write budget so the owner cannot take the token back. */
    @Test
    void aThiefWhoSpendsTheWriteBudgetCannotStopTheOwnerFromRevokingTheirSessions() {
        var owner = users.aUserFrom(newClient());
        String thief = login(owner.email(), owner.password(), newClient()).json().get("user").get("token").getStringValue();
        for (int i = 1; i <= 4; i++) {
            updateBio(thief, "mine now " + i);
        }
        assertEquals(429, updateBio(owner.token(), "help").status(), "the budget is spent, for the owner too");

        var secondSession = login(owner.email(), owner.password(), newClient()).json().get("user").get("token").getStringValue();
        assertEquals(204, api.post("/api/auth/logout", null, secondSession).status(), "logout is never limited");
        var changed = api.put("/api/user", "{\"user\":{\"password\":\"a brand new secret\"}}", owner.token());
        assertEquals(200, changed.status(), changed.body());
        String fresh = changed.json().get("user").get("token").getStringValue();
        assertEquals(204, api.post("/api/auth/logout-all", null, fresh).status(), "logout-all is never limited");

        assertEquals(401, api.get("/api/user", thief).status(), "the thief's token is dead");
    }

    private Api.Response login(String email, String password, String client) {
        return api.send("POST", "/api/users/login", """
                {"user":{"email":"%s","password":"%s"}}""".formatted(email, password), Map.of("X-Forwarded-For", client));
    }

    private Api.Response register(String name, String client) {
        return api.send("POST", "/api/users", """
                {"user":{"username":"%s","email":"%s@example.com","password":"long enough"}}""".formatted(name, name),
                Map.of("X-Forwarded-For", client));
    }

    private Api.Response updateBio(String token, String bio) {
        return api.put("/api/user", "{\"user\":{\"bio\":\"" + bio + "\"}}", token);
    }

    /** A documentation-range address (RFC 5737) no other test uses. */
    private static String newClient() {
        int n = CLIENTS.incrementAndGet();
        return "198.51." + (100 + n / 250) + "." + (n % 250 + 1);
    }
}
