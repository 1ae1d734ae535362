package conduit.auth;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session lifecycle over HTTP: refresh rotation, reuse detection (and the retry it allows), logout, logout
 * everywhere, password change.
 */
@MicronautTest(transactional = false)
class SessionApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    private record Pair(String token, String refreshToken) {
    }

    private Pair refresh(String refreshToken) {
        var response = api.post("/api/auth/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}", null);
        assertEquals(200, response.status(), response.body());
        var user = response.json().get("user");
        return new Pair(user.get("token").getStringValue(), user.get("refreshToken").getStringValue());
    }

    private int refreshStatus(String refreshToken) {
        return api.post("/api/auth/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}", null).status();
    }

    private Pair login(Users.Registered user) {
        var response = api.post("/api/users/login", """
                {"user":{"email":"%s","password":"%s"}}""".formatted(user.email(), user.password()), null);
        assertEquals(200, response.status(), response.body());
        var body = response.json().get("user");
        return new Pair(body.get("token").getStringValue(), body.get("refreshToken").getStringValue());
    }

    @Test
    void aRefreshTokenIsExchangedOnceForANewPairThatWorks() {
        var jake = users.aUser();

        var second = refresh(jake.refreshToken());
        assertNotEquals(jake.refreshToken(), second.refreshToken(), "every refresh rotates the refresh token");
        assertNotEquals(jake.token(), second.token());
        var me = api.get("/api/user", second.token());
        assertEquals(200, me.status());
        assertEquals(jake.username(), me.json().get("user").get("username").getStringValue());
        assertTrue(me.json().get("user").get("refreshToken") == null, "the current-user operation never shows a refresh token");

        var third = refresh(second.refreshToken());
        assertEquals(200, api.get("/api/user", third.token()).status());
    }

    @Test
    void reusingASpentRefreshTokenRevokesTheWholeSession() {
        var jake = users.aUser();
        var stolenCopy = jake.refreshToken();
        var legitimate = refresh(stolenCopy);
        var later = refresh(legitimate.refreshToken());

        var reuse = api.post("/api/auth/refresh", "{\"refreshToken\":\"" + stolenCopy + "\"}", null);

        assertEquals(401, reuse.status());
        assertEquals(List.of("refreshToken is invalid or expired"), reuse.errors());
        assertEquals(401, refreshStatus(later.refreshToken()), "the newest refresh token of the family is revoked too");
        assertEquals(401, api.get("/api/user", later.token()).status(), "and so are the session's access tokens");
        assertEquals(401, api.get("/api/user", jake.token()).status());
        assertEquals(200, api.get("/api/user", login(jake).token()).status(), "logging in again starts a new session");
    }

    @Test
    void aRefreshWhoseAnswerWasLostCanBeRetriedUntilTheSessionMovesOn() throws Exception {
        var jake = users.aUser();
        var lost = refresh(jake.refreshToken());          // the client never saw this answer

        var retried = refresh(jake.refreshToken());       // so it sends the same token again

        assertNotEquals(lost.refreshToken(), retried.refreshToken());
        assertEquals(200, api.get("/api/user", retried.token()).status(), "the retry's pair works");
        var next = refresh(retried.refreshToken());        // the session moves on from the retry's token
        assertEquals(200, api.get("/api/user", next.token()).status());

        assertEquals(401, refreshStatus(jake.refreshToken()), "once a later token is spent, the old one is theft");
        assertEquals(401, api.get("/api/user", next.token()).status(), "which revokes the session");
        try (Connection db = TestDatabase.connect()) {
            assertEquals(1, count(db, """
                    SELECT count(*) FROM sessions s JOIN refresh_tokens rt ON rt.session_id = s.id
                    WHERE rt.token_hash = ? AND s.revoked_reason = 'refresh-token-reuse'""", sha256(jake.refreshToken())));
        }
    }

    @Test
    void aRetryAfterTheReuseIntervalIsTheft() throws Exception {
        var jake = users.aUser();
        var first = refresh(jake.refreshToken());
        try (Connection db = TestDatabase.connect();
             PreparedStatement age = db.prepareStatement(
                     "UPDATE refresh_tokens SET spent_at = spent_at - interval '31 seconds' WHERE token_hash = ?")) {
            age.setBytes(1, sha256(jake.refreshToken()));
            assertEquals(1, age.executeUpdate());
        }

        assertEquals(401, refreshStatus(jake.refreshToken()), "30 s after it was spent, a token is not retried");
        assertEquals(401, api.get("/api/user", first.token()).status(), "and its session is revoked");
    }

    @Test
    void concurrentRefreshesWithOneTokenAllGetAWorkingPairAndRevokeNothing() throws Exception {
        var jake = users.aUser();
        var pool = Executors.newFixedThreadPool(8);
        try {
            var answers = new ArrayList<Future<Integer>>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> refreshStatus(jake.refreshToken())));
            }
            for (var answer : answers) {
                assertEquals(200, answer.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection db = TestDatabase.connect()) {
            assertEquals(0, count(db, """
                    SELECT count(*) FROM sessions s JOIN refresh_tokens rt ON rt.session_id = s.id
                    WHERE rt.token_hash = ? AND s.revoked_at IS NOT NULL""", sha256(jake.refreshToken())));
            assertEquals(9, count(db, """
                    SELECT count(*) FROM refresh_tokens WHERE session_id =
                        (SELECT session_id FROM refresh_tokens WHERE token_hash = ?)""", sha256(jake.refreshToken())),
                    "the first token and eight successors");
        }
    }

    @Test
    void logoutEndsOnlyTheCurrentSession() {
        var jake = users.aUser();
        var laptop = login(jake);

        var logout = api.post("/api/auth/logout", null, jake.token());

        assertEquals(204, logout.status(), logout.body());
        assertEquals(401, api.get("/api/user", jake.token()).status(), "the access token stops working at once");
        assertEquals(401, refreshStatus(jake.refreshToken()), "and so does the refresh token");
        assertEquals(401, api.post("/api/auth/logout", null, jake.token()).status(), "a logged-out token identifies no one");
        assertEquals(200, api.get("/api/user", laptop.token()).status(), "the other session is untouched");
        assertEquals(200, refreshStatus(laptop.refreshToken()));
    }

    @Test
    void aLoggedOutTokenIsAnonymousOnPublicOperations() {
        var jake = users.aUser();
        var anna = users.aUser();
        assertEquals(200, api.post("/api/profiles/" + anna.username() + "/follow", null, jake.token()).status());
        api.post("/api/auth/logout", null, jake.token());

        var profile = api.get("/api/profiles/" + anna.username(), jake.token());

        assertEquals(200, profile.status());
        assertEquals(false, profile.json().get("profile").get("following").getBooleanValue());
    }

    @Test
    void logoutEverywhereEndsEverySession() {
        var jake = users.aUser();
        var laptop = login(jake);
        var phone = login(jake);

        assertEquals(204, api.post("/api/auth/logout-all", null, phone.token()).status());

        for (Pair session : List.of(new Pair(jake.token(), jake.refreshToken()), laptop, phone)) {
            assertEquals(401, api.get("/api/user", session.token()).status());
            assertEquals(401, refreshStatus(session.refreshToken()));
        }
    }

    @Test
    void changingThePasswordEndsEverySessionAndStartsANewOne() {
        var jake = users.aUser();
        var laptop = login(jake);

        var changed = api.put("/api/user", "{\"user\":{\"password\":\"a new secret password\"}}", jake.token());

        assertEquals(200, changed.status(), changed.body());
        var user = changed.json().get("user");
        String newToken = user.get("token").getStringValue();
        assertNotEquals(jake.token(), newToken);
        assertEquals(200, api.get("/api/user", newToken).status());
        assertEquals(200, refreshStatus(user.get("refreshToken").getStringValue()));
        assertEquals(401, api.get("/api/user", jake.token()).status(), "the session that changed it ended");
        assertEquals(401, api.get("/api/user", laptop.token()).status(), "every other session ended");
        assertEquals(401, refreshStatus(laptop.refreshToken()));
    }

    @Test
    void otherChangesKeepTheSessionAndEchoTheToken() {
        var jake = users.aUser();

        var changed = api.put("/api/user", "{\"user\":{\"bio\":\"still me\"}}", jake.token());

        assertEquals(200, changed.status(), changed.body());
        assertEquals(jake.token(), changed.json().get("user").get("token").getStringValue());
        assertTrue(changed.json().get("user").get("refreshToken") == null);
        assertEquals(200, refreshStatus(jake.refreshToken()));
    }

    @Test
    void unknownOrMalformedRefreshTokensAre401AndAMissingOneIs422() {
        assertEquals(401, refreshStatus("not-a-token-we-issued"));
        assertEquals(401, refreshStatus("x".repeat(500)));
        var missing = api.post("/api/auth/refresh", "{}", null);
        assertEquals(422, missing.status(), missing.body());
        var blank = api.post("/api/auth/refresh", "{\"refreshToken\":\"\"}", null);
        assertEquals(422, blank.status(), blank.body());
        assertEquals(List.of("refreshToken can't be blank"), blank.errors());
    }

    @Test
    void onlyAHashOfTheRefreshTokenIsStored() throws Exception {
        var jake = users.aUser();
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(jake.refreshToken().getBytes(StandardCharsets.UTF_8));

        try (Connection db = TestDatabase.connect()) {
            assertEquals(1, count(db, "SELECT count(*) FROM refresh_tokens WHERE token_hash = ?", hash));
            assertEquals(0, count(db, """
                    SELECT count(*) FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id
                    WHERE rt::text LIKE '%' || ? || '%' OR s::text LIKE '%' || ? || '%'""",
                    jake.refreshToken(), jake.refreshToken()), "the token itself is nowhere in the tables");
        }
    }

    private static byte[] sha256(String token) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    }

    private static long count(Connection db, String sql, Object... parameters) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
