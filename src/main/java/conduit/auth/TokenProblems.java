package conduit.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import conduit.system.TokenDiagnosis;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Date;

/**
 * Tells a client why its token was refused, in RealWorld's words. "has expired" is said only of a token
 * we signed: for anything else the answer is "is invalid", which reveals nothing about our keys.
 */
@Singleton
final class TokenProblems implements TokenDiagnosis {

    static final String MISSING = "is missing";
    static final String INVALID = "is invalid";
    static final String EXPIRED = "has expired";
    static final String REVOKED = "has been revoked";

    private final CurrentUser currentUser;
    private final byte[] secret;

    TokenProblems(CurrentUser currentUser, @Value("${conduit.jwt.secret}") String secret) {
        this.currentUser = currentUser;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String problemWith(HttpRequest<?> request) {
        return currentUser.presentedToken(request).map(this::problemWith).orElse(MISSING);
    }

    private String problemWith(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(new MACVerifier(secret))) {
                return INVALID;
            }
            Date expiry = jwt.getJWTClaimsSet().getExpirationTime();
            return expiry != null && expiry.before(new Date()) ? EXPIRED : INVALID;
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return INVALID;
        }
    }
}
