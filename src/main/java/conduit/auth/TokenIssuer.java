package conduit.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.generator.JwtTokenGenerator;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/** Issues the access JWTs returned as {@code user.token}. The subject is the user's id, which never changes. */
@Singleton
public final class TokenIssuer {

    private final JwtTokenGenerator generator;
    private final int ttlSeconds;

    TokenIssuer(JwtTokenGenerator generator, @Value("${conduit.jwt.ttl-seconds}") int ttlSeconds) {
        this.generator = generator;
        this.ttlSeconds = ttlSeconds;
    }

    public String issueFor(long userId) {
        Authentication subject = Authentication.build(Long.toString(userId), List.of(), Map.of());
        return generator.generateToken(subject, ttlSeconds)
                .orElseThrow(() -> new IllegalStateException("JWT generation failed"));
    }
}
