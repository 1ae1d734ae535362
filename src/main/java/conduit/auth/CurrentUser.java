package conduit.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.utils.SecurityService;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.OptionalLong;

/** Who is calling: the user id carried by the request's token, when there is a valid one. */
@Singleton
public final class CurrentUser {

    private final SecurityService security;
    private final String tokenPrefix;

    CurrentUser(SecurityService security, @Value("${micronaut.security.token.bearer.prefix}") String tokenPrefix) {
        this.security = security;
        this.tokenPrefix = tokenPrefix;
    }

    /** The caller's id; empty for anonymous callers on endpoints where auth is optional. */
    public OptionalLong id() {
        return security.getAuthentication()
                .map(Authentication::getName)
                .map(name -> OptionalLong.of(Long.parseLong(name)))
                .orElse(OptionalLong.empty());
    }

    /** The caller's id on endpoints that require auth; the security rules guarantee there is one. */
    public long requireId() {
        return id().orElseThrow(() -> new IllegalStateException("endpoint requires authentication"));
    }

    /** The token the caller authenticated with, echoed back as {@code user.token} by RealWorld. */
    public Optional<String> presentedToken() {
        return ServerRequestContext.currentRequest()
                .flatMap(request -> request.getHeaders().findFirst(HttpHeaders.AUTHORIZATION))
                .flatMap(this::stripScheme);
    }

    private Optional<String> stripScheme(String header) {
        for (String scheme : new String[] {tokenPrefix, BearerHeaderTokenReader.PREFIX}) {
            if (header.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1)) {
                return Optional.of(header.substring(scheme.length() + 1).trim());
            }
        }
        return Optional.empty();
    }
}
