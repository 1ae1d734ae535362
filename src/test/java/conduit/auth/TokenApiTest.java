package conduit.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Users;
import io.micronaut.context.annotation.Value;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
class TokenApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Value("${conduit.jwt.secret}")
    String secret;

    @Value("${conduit.jwt.ttl-seconds}")
    long ttlSeconds;

    @Test
    void issuedTokensExpireAfterTheConfiguredLifetime() throws Exception {
        var jake = users.aUser();

        JWTClaimsSet claims = SignedJWT.parse(jake.token()).getJWTClaimsSet();

        long lifetime = claims.getExpirationTime().toInstant().getEpochSecond()
                - claims.getIssueTime().toInstant().getEpochSecond();
        assertEquals(ttlSeconds, lifetime);
    }

    @Test
    void rejectsAnExpiredTokenWith401() throws Exception {
        var jake = users.aUser();
        String subject = SignedJWT.parse(jake.token()).getJWTClaimsSet().getSubject();

        String expired = sign(subject, Instant.now().minusSeconds(60), secret);

        var response = api.get("/api/user", expired);
        assertEquals(401, response.status());
        assertEquals(List.of("token has expired"), response.errors());
    }

    @Test
    void rejectsATokenSignedWithAnotherSecretWith401() throws Exception {
        var jake = users.aUser();
        String subject = SignedJWT.parse(jake.token()).getJWTClaimsSet().getSubject();

        String forged = sign(subject, Instant.now().plusSeconds(600), "another-secret-of-sufficient-length-0123456789");

        var response = api.get("/api/user", forged);
        assertEquals(401, response.status());
        assertEquals(List.of("token is invalid"), response.errors(), "not 'has expired': nothing about our keys");
    }

    /**
     * RealWorld frontends never refresh their token. A tab left open for longer than the 15 minutes tokens used
     * to live must still work; the session behind the token is what logout ends.
     */
    @Test
    void aTokenStillWorksTwentyMinutesAfterItWasIssuedUntilItsSessionIsLoggedOut() throws Exception {
        var jake = users.aUser();
        JWTClaimsSet issued = SignedJWT.parse(jake.token()).getJWTClaimsSet();
        long shift = Duration.ofMinutes(20).toMillis();
        // The same token on a clock 20 minutes on: every time in it 20 minutes earlier.
        JWTClaimsSet aged = new JWTClaimsSet.Builder(issued)
                .issueTime(new Date(issued.getIssueTime().getTime() - shift))
                .notBeforeTime(new Date(issued.getNotBeforeTime().getTime() - shift))
                .expirationTime(new Date(issued.getExpirationTime().getTime() - shift))
                .build();
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), aged);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        String twentyMinutesOld = jwt.serialize();

        var response = api.get("/api/user", twentyMinutesOld);
        assertEquals(200, response.status(), response.body());
        assertEquals(jake.username(), response.json().get("user").get("username").getStringValue());

        assertEquals(204, api.post("/api/auth/logout", null, jake.token()).status());
        var afterLogout = api.get("/api/user", twentyMinutesOld);
        assertEquals(401, afterLogout.status());
        assertEquals(List.of("token has been revoked"), afterLogout.errors());
    }

    /** A correctly signed token whose claims cannot be read is the client's mistake: 401, and no ERROR in our logs. */
    @Test
    void aSignedTokenWithAStringExpiryIs401AndLogsNoError() throws Exception {
        var claims = new JWTClaimsSet.Builder().subject("1").claim("exp", "tomorrow").build();
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        Api.Response response;
        try {
            response = api.get("/api/user", jwt.serialize());
        } finally {
            root.detachAppender(captured);
        }

        assertEquals(401, response.status());
        assertEquals(List.of("token is invalid"), response.errors());
        assertTrue(captured.list.stream().noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR)),
                "logged: " + captured.list);
    }

    @Test
    void rejectsAValidTokenForAUserThatDoesNotExistWith401() throws Exception {
        String orphan = sign("987654321", Instant.now().plusSeconds(600), secret, UUID.randomUUID().toString());

        var response = api.get("/api/user", orphan);

        assertEquals(401, response.status());
        assertEquals(List.of("token has been revoked"), response.errors());
    }

    @Test
    void aCorrectlySignedTokenNeedsAnActiveSessionOfItsOwnUser() throws Exception {
        var jake = users.aUser();
        var anna = users.aUser();
        var jakeClaims = SignedJWT.parse(jake.token()).getJWTClaimsSet();
        String jakeId = jakeClaims.getSubject();
        String annasSession = SignedJWT.parse(anna.token()).getJWTClaimsSet().getStringClaim("sid");
        Instant expiry = Instant.now().plusSeconds(600);

        assertEquals(200, api.get("/api/user", sign(jakeId, expiry, secret, jakeClaims.getStringClaim("sid"))).status(),
                "the same claims, signed again, are a valid token: the checks below fail for the reason they name");
        assertEquals(401, api.get("/api/user", sign(jakeId, expiry, secret, null)).status(), "no session claim");
        assertEquals(401, api.get("/api/user", sign(jakeId, expiry, secret, UUID.randomUUID().toString())).status(),
                "an unknown session");
        assertEquals(401, api.get("/api/user", sign(jakeId, expiry, secret, annasSession)).status(),
                "another user's session");
        assertEquals(401, api.get("/api/user", sign(jakeId, expiry, secret, "not-a-uuid")).status(), "a malformed session id");
    }

    private static String sign(String subject, Instant expiry, String key) throws JOSEException {
        return sign(subject, expiry, key, null);
    }

    private static String sign(String subject, Instant expiry, String key, String sessionId) throws JOSEException {
        var claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("sid", sessionId)
                .issueTime(Date.from(expiry.minusSeconds(3600)))
                .expirationTime(Date.from(expiry))
                .build();
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(key.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
