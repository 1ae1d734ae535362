package conduit.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.generator.JwtTokenGenerator;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Issues the short-lived access JWTs returned as {@code user.token}. The subject is the user's id, which never
 * changes; the {@code sid} claim names the session, so logging the session out ends its tokens too.
 */
@Singleton
final class TokenIssuer {

    static final String SESSION_CLAIM = "sid";

    private final JwtTokenGenerator generator;
    private final int ttlSeconds;

    TokenIssuer(JwtTokenGenerator generator, @Value("${conduit.jwt.ttl-seconds}") int ttlSeconds) {
        this.generator = generator;
        this.ttlSeconds = ttlSeconds;
    }

    String issueFor(long userId, UUID sessionId) {
        Authentication subject = Authentication.build(Long.toString(userId), List.of(),
                Map.of(SESSION_CLAIM, sessionId.toString()));
        return generator.generateToken(subject, ttlSeconds)
                .orElseThrow(() -> new IllegalStateException("JWT generation failed"));
    }
}
