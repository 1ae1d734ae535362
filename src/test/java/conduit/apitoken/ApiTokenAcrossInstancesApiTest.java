package conduit.apitoken;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Users;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A token revoked through instance A is refused by instance B within a second (at once: B looks the token up on
 * every request), and each token spends its own write budget, not its owner's nor another token's.
 */
@MicronautTest(transactional = false)
@Property(name = "conduit.rate-limit.enabled", value = "true")
@Property(name = "conduit.rate-limit.writes-per-user", value = "3/1h")
class ApiTokenAcrossInstancesApiTest extends ApiTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    Api api;

    @Inject
    Users users;

    private EmbeddedServer instanceB;

    @BeforeAll
    void startInstanceB() {
        Map<String, Object> properties = new HashMap<>(getProperties());
        properties.put("conduit.rate-limit.enabled", "true");
        properties.put("conduit.rate-limit.writes-per-user", "3/1h");
        instanceB = ApplicationContext.run(EmbeddedServer.class, properties, "test");
    }

    @AfterAll
    void stopInstanceB() {
        if (instanceB != null) {
            instanceB.getApplicationContext().close();
        }
    }

    private int currentUserOnB(String secret) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(Api.urlOf(instanceB.getApplicationContext()) + "/api/user"))
                .header("Authorization", "Bearer " + secret).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String[] create(Users.Registered owner, String scopes) {
        var response = api.post("/api/user/tokens", "{\"token\":{\"name\":\"t\",\"scopes\":" + scopes + "}}", owner.token());
        assertEquals(201, response.status(), response.body());
        var token = response.json().get("token");
        return new String[] {token.get("id").getValue().toString(), token.get("secret").getStringValue()};
    }

    @Test
    void aTokenRevokedOnOneInstanceIsRefusedOnAnotherWithinASecond() throws Exception {
        var owner = users.aUser();
        String[] token = create(owner, "[\"profile:read\"]");
        assertEquals(200, currentUserOnB(token[1]));

        assertEquals(204, api.delete("/api/user/tokens/" + token[0], owner.token()).status());
        long revoked = System.nanoTime();
        int status = currentUserOnB(token[1]);
        while (status == 200 && System.nanoTime() - revoked < Duration.ofSeconds(1).toNanos()) {
            Thread.sleep(20);
            status = currentUserOnB(token[1]);
        }
        assertEquals(401, status, "B still accepted the revoked token a second later");
    }

    @Test
    void eachTokenHasItsOwnWriteBudgetWithRateLimitHeaders() {
        var owner = users.aUser();
        String first = create(owner, "[\"profile:write\"]")[1];
        String second = create(owner, "[\"profile:write\"]")[1];
        var target = users.aUser();
        String follow = "/api/profiles/" + target.username() + "/follow";

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            var response = api.send("POST", follow, null, Map.of("Authorization", "Bearer " + first));
            statuses.add(response.status());
            if (response.status() == 200) {
                assertTrue(response.header("RateLimit-Remaining").isPresent(), response.headers().toString());
            } else {
                assertTrue(response.header("Retry-After").isPresent());
            }
        }
        assertEquals(List.of(200, 200, 200, 429), statuses, "three writes an hour for this token, then 429");
        assertEquals(200, api.send("POST", follow, null, Map.of("Authorization", "Bearer " + second)).status(),
                "another token of the same user has a budget of its own");
        assertEquals(200, api.post(follow, null, owner.token()).status(), "and so has the owner's session");
    }
}
