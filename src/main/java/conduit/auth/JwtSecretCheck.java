package conduit.auth;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;

import java.nio.charset.StandardCharsets;

/**
 * Fails startup with a clear message when CONDUIT_JWT_SECRET is missing or too short for HS256.
 * Only the dev and test environments supply a default secret.
 */
@Context
final class JwtSecretCheck {

    static final int MIN_BYTES = 32;

    JwtSecretCheck(@Value("${conduit.jwt.secret}") String secret) {
        if (secret.isBlank()) {
            throw new ConfigurationException("CONDUIT_JWT_SECRET is not set: the service will not start without "
                    + "a JWT signing secret (at least " + MIN_BYTES + " random bytes) outside the dev environment");
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
            throw new ConfigurationException(
                    "CONDUIT_JWT_SECRET must be at least " + MIN_BYTES + " bytes long for HS256");
        }
    }
}
