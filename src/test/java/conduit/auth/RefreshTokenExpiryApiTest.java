package conduit.auth;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Refresh tokens expire: here after one second (CONDUIT_REFRESH_TOKEN_TTL, 30 days by default). */
@MicronautTest(transactional = false)
class RefreshTokenExpiryApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("conduit.sessions.refresh-token-ttl", "1s");
        return properties;
    }

    @Test
    void anExpiredRefreshTokenIsRefusedWithoutEndingTheSession() throws Exception {
        var jake = users.aUser();

        Thread.sleep(1_500);
        var refresh = api.post("/api/auth/refresh", "{\"refreshToken\":\"" + jake.refreshToken() + "\"}", null);

        assertEquals(401, refresh.status());
        assertEquals(200, api.get("/api/user", jake.token()).status(), "the access token lives its own, shorter or longer, life");
    }
}
