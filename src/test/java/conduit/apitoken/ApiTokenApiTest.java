package conduit.apitoken;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.TestDatabase;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API tokens over HTTP, from the owner's side and from a thief's: shown once, kept as a hash, ended at once. */
@MicronautTest(transactional = false)
class ApiTokenApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    record Created(long id, String secret) {
    }

    private Created create(Users.Registered owner, String name, String scopes) {
        var response = api.post("/api/user/tokens", """
                {"token":{"name":"%s","scopes":%s}}""".formatted(name, scopes), owner.token());
        assertEquals(201, response.status(), response.body());
        var token = response.json().get("token");
        return new Created(token.get("id").getLongValue(), token.get("secret").getStringValue());
    }

    private Api.Response as(String secret, String scheme, String method, String path, String body) {
        return api.send(method, path, body, Map.of("Authorization", scheme + " " + secret));
    }

    @Test
    void theSecretIsShownOnceRecognisableAndKeptOnlyAsItsHash() throws Exception {
        var owner = users.aUser();
        var token = create(owner, "CI publisher", "[\"articles:read\",\"articles:write\",\"articles:read\"]");

        assertTrue(token.secret().matches("cdt_[A-Za-z0-9_-]{49}"), token.secret());
        var listed = api.get("/api/user/tokens", owner.token());
        assertEquals(200, listed.status());
        assertFalse(listed.body().contains(token.secret()), "the list never shows a secret");
        assertFalse(listed.body().contains("secret"));
        var entry = listed.json().get("tokens").get(0);
        assertEquals("CI publisher", entry.get("name").getStringValue());
        assertEquals(2, entry.get("scopes").size(), "duplicate scopes are kept once");

        try (Connection db = TestDatabase.connect();
             PreparedStatement statement = db.prepareStatement("SELECT t::text, token_hash FROM api_tokens t WHERE id = ?")) {
            statement.setLong(1, token.id());
            try (ResultSet row = statement.executeQuery()) {
                assertTrue(row.next());
                String stored = row.getString(1);
                assertFalse(stored.contains(token.secret().substring(4, 20)), "no part of the secret is stored: " + stored);
                byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(token.secret().getBytes(StandardCharsets.UTF_8));
                assertArrayEquals(sha256, row.getBytes(2));
            }
        }
    }

    @Test
    void aTokenActsAsItsOwnerWithEitherSchemeAndRecordsItsUse() {
        var owner = users.aUser();
        var token = create(owner, "reader", "[\"profile:read\"]");

        for (String scheme : List.of("Bearer", "Token", "bearer")) {
            var me = as(token.secret(), scheme, "GET", "/api/user", null);
            assertEquals(200, me.status(), scheme + ": " + me.body());
            assertEquals(owner.username(), me.json().get("user").get("username").getStringValue());
        }
        var entry = api.get("/api/user/tokens", owner.token()).json().get("tokens").get(0);
        assertNotNull(entry.get("lastUsedAt").getValue(), "lastUsedAt is set by the first use");
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceAndCannotBeRevokedTwiceOrByAnotherUser() {
        var owner = users.aUser();
        var thief = users.aUser();
        var token = create(owner, "leaked", "[\"profile:read\"]");
        assertEquals(200, as(token.secret(), "Bearer", "GET", "/api/user", null).status());

        var byOther = api.delete("/api/user/tokens/" + token.id(), thief.token());
        assertEquals(404, byOther.status());
        assertEquals(Map.of("apiToken", List.of("not found")), byOther.errorMap());
        assertEquals(200, as(token.secret(), "Bearer", "GET", "/api/user", null).status(), "still the owner's");

        assertEquals(204, api.delete("/api/user/tokens/" + token.id(), owner.token()).status());
        var refused = as(token.secret(), "Bearer", "GET", "/api/user", null);
        assertEquals(401, refused.status());
        assertEquals(Map.of("token", List.of("is invalid")), refused.errorMap());
        assertEquals(404, api.delete("/api/user/tokens/" + token.id(), owner.token()).status());
        assertEquals(0, api.get("/api/user/tokens", owner.token()).json().get("tokens").size());
    }

    @Test
    void anExpiredTokenIsRefusedAndAPastExpiryIsNotAccepted() throws Exception {
        var owner = users.aUser();
        String future = Instant.now().plus(1, ChronoUnit.DAYS).toString();
        var response = api.post("/api/user/tokens", """
                {"token":{"name":"short","scopes":["profile:read"],"expiresAt":"%s"}}""".formatted(future), owner.token());
        assertEquals(201, response.status(), response.body());
        String secret = response.json().get("token").get("secret").getStringValue();
        long id = response.json().get("token").get("id").getLongValue();
        assertEquals(200, as(secret, "Bearer", "GET", "/api/user", null).status());

        // A day is long for a test: move the expiry into the past, as time would.
        try (Connection db = TestDatabase.connect();
             PreparedStatement statement = db.prepareStatement(
                     "UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = ?")) {
            statement.setLong(1, id);
            assertEquals(1, statement.executeUpdate());
        }
        assertEquals(401, as(secret, "Bearer", "GET", "/api/user", null).status());

        var past = api.post("/api/user/tokens", """
                {"token":{"name":"late","scopes":["profile:read"],"expiresAt":"2001-01-01T00:00:00Z"}}""", owner.token());
        assertEquals(422, past.status());
        assertEquals(Map.of("expiresAt", List.of("must be in the future")), past.errorMap());
        var garbled = api.post("/api/user/tokens", """
                {"token":{"name":"late","scopes":["profile:read"],"expiresAt":"tomorrow"}}""", owner.token());
        assertEquals(422, garbled.status());
        assertTrue(garbled.errorMap().containsKey("expiresAt"), garbled.body());
        var withOffset = api.post("/api/user/tokens", """
                {"token":{"name":"offset","scopes":["profile:read"],"expiresAt":"2999-05-18T05:22:56+02:00"}}""", owner.token());
        assertEquals(201, withOffset.status(), withOffset.body());
        assertEquals("2999-05-18T03:22:56.000Z", withOffset.json().get("token").get("expiresAt").getStringValue());
    }

    @Test
    void badRequestsAreRefusedWithTheFieldsNamed() {
        var owner = users.aUser();
        var blank = api.post("/api/user/tokens", "{\"token\":{\"name\":\"  \",\"scopes\":[]}}", owner.token());
        assertEquals(422, blank.status());
        assertEquals(Map.of("name", List.of("can't be blank"), "scopes", List.of("can't be blank")), blank.errorMap());

        var unknown = api.post("/api/user/tokens", "{\"token\":{\"name\":\"x\",\"scopes\":[\"admin\"]}}", owner.token());
        assertEquals(422, unknown.status());
        assertEquals(Map.of("scopes", List.of("has an unknown scope 'admin'")), unknown.errorMap());

        var noName = api.post("/api/user/tokens", "{\"token\":{\"scopes\":[\"profile:read\"]}}", owner.token());
        assertEquals(422, noName.status());
        assertTrue(noName.errorMap().containsKey("name"), noName.body());
        assertEquals(0, api.get("/api/user/tokens", owner.token()).json().get("tokens").size(), "nothing was created");
    }

    @Test
    void aTokenCannotMakeTokensManageSessionsOrTakeTheAccount() {
        var owner = users.aUser();
        String all = "[\"articles:read\",\"articles:write\",\"comments:write\",\"profile:read\",\"profile:write\"]";
        var token = create(owner, "everything", all);
        Map<String, List<String>> sessionNeeded = Map.of("token", List.of(
                "can't be used for this: an API token may not manage sessions, tokens, the email or the password; sign in"));

        var mint = as(token.secret(), "Bearer", "POST", "/api/user/tokens",
                "{\"token\":{\"name\":\"child\",\"scopes\":[\"profile:read\"]}}");
        assertEquals(403, mint.status());
        assertEquals(sessionNeeded, mint.errorMap());
        assertEquals(403, as(token.secret(), "Bearer", "GET", "/api/user/tokens", null).status());
        assertEquals(403, as(token.secret(), "Bearer", "DELETE", "/api/user/tokens/" + token.id(), null).status());
        assertEquals(403, as(token.secret(), "Bearer", "POST", "/api/auth/logout-all", null).status());
        assertEquals(403, as(token.secret(), "Bearer", "POST", "/api/auth/logout", null).status());
        assertEquals(403, as(token.secret(), "Bearer", "POST", "/api/events/tickets", null).status());

        var password = as(token.secret(), "Bearer", "PUT", "/api/user", "{\"user\":{\"password\":\"a new password\"}}");
        assertEquals(403, password.status());
        assertEquals(sessionNeeded, password.errorMap());
        var email = as(token.secret(), "Bearer", "PUT", "/api/user", "{\"user\":{\"email\":\"thief@example.com\"}}");
        assertEquals(403, email.status());

        // The owner's sessions and account are untouched; the profile itself may be changed with profile:write.
        assertEquals(200, api.get("/api/user", owner.token()).status());
        assertEquals(200, api.post("/api/users/login", """
                {"user":{"email":"%s","password":"%s"}}""".formatted(owner.email(), owner.password()), null).status());
        var bio = as(token.secret(), "Bearer", "PUT", "/api/user",
                "{\"user\":{\"bio\":\"automated\",\"email\":\"" + owner.email() + "\"}}");
        assertEquals(200, bio.status(), bio.body());
        assertEquals("automated", bio.json().get("user").get("bio").getStringValue());
    }

    @Test
    void malformedOrForeignTokensAreRefusedWithoutALookup() {
        var owner = users.aUser();
        var token = create(owner, "checked", "[\"profile:read\"]");
        String secret = token.secret();
        char last = secret.charAt(secret.length() - 1);
        String altered = secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A');
        for (String wrong : List.of(altered, secret.substring(0, 20), "cdt_", secret + "x", secret.replace("cdt_", "cdx_"))) {
            var response = as(wrong, "Bearer", "GET", "/api/user", null);
            assertEquals(401, response.status(), wrong);
        }
    }

    /** The attacker's path: a stolen session mints a token to keep; the victim's new password must end it. */
    @Test
    void aPasswordChangeRevokesEveryApiTokenOfTheUser() {
        var victim = users.aUser();
        var planted = create(victim, "innocent looking", "[\"profile:read\"]");
        assertEquals(200, as(planted.secret(), "Bearer", "GET", "/api/user", null).status());

        var changed = api.put("/api/user", "{\"user\":{\"password\":\"a brand new password\"}}", victim.token());
        assertEquals(200, changed.status(), changed.body());

        assertEquals(401, as(planted.secret(), "Bearer", "GET", "/api/user", null).status());
        String newSession = changed.json().get("user").get("token").getStringValue();
        assertEquals(0, api.get("/api/user/tokens", newSession).json().get("tokens").size());
    }

    /** Sixty creations at once: the user's row lock makes them count each other, so exactly fifty succeed. */
    @Test
    void concurrentCreationsCannotExceedTheCap() throws Exception {
        var owner = users.aUser();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 60; i++) {
                results.add(pool.submit(() -> api.post("/api/user/tokens",
                        "{\"token\":{\"name\":\"burst\",\"scopes\":[\"profile:read\"]}}", owner.token()).status()));
            }
            Map<Integer, Long> statuses = new java.util.TreeMap<>();
            for (var result : results) {
                statuses.merge(result.get(), 1L, Long::sum);
            }
            assertEquals(Map.of(201, 50L, 422, 10L), statuses);
            assertEquals(50, api.get("/api/user/tokens", owner.token()).json().get("tokens").size());
        } finally {
            pool.shutdownNow();
        }
    }
}
