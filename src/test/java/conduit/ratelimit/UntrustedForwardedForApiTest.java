package conduit.ratelimit;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Users;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Without a trusted proxy configured, a client cannot dodge limits by inventing X-Forwarded-For. */
@MicronautTest(transactional = false)
@Property(name = "conduit.rate-limit.enabled", value = "true")
@Property(name = "conduit.rate-limit.failed-logins-per-address", value = "5/24h")
@Property(name = "conduit.rate-limit.failed-logins-per-account", value = "100/24h")
class UntrustedForwardedForApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Test
    void ignoresForwardedForFromAnUntrustedPeer() {
        var jake = users.aUser();
        for (int i = 1; i <= 5; i++) {
            assertEquals(401, loginFrom("203.0.113." + i, jake.email()).status(), "attempt " + i);
        }

        assertEquals(429, loginFrom("203.0.113.99", jake.email()).status(), "all came from 127.0.0.1");
    }

    private Api.Response loginFrom(String claimedAddress, String email) {
        return api.send("POST", "/api/users/login", """
                {"user":{"email":"%s","password":"wrong"}}""".formatted(email), Map.of("X-Forwarded-For", claimedAddress));
    }
}
