package conduit.auth;

import io.micronaut.security.token.claims.JtiGenerator;
import jakarta.inject.Singleton;

import java.util.UUID;

/** Gives every access token a unique {@code jti}, so two tokens issued in the same second still differ. */
@Singleton
final class RandomJti implements JtiGenerator {

    @Override
    public String generateJtiClaim() {
        return UUID.randomUUID().toString();
    }
}
