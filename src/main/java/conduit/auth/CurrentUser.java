package conduit.auth;

import conduit.system.UnauthenticatedException;
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

    private final KnownUsers knownUsers;

    CurrentUser(SecurityService security, @Value("${micronaut.security.token.bearer.prefix}") String tokenPrefix,
                KnownUsers knownUsers) {
        this.security = security;
        this.tokenPrefix = tokenPrefix;
        this.knownUsers = knownUsers;
    }

    /** The caller's id; empty for anonymous callers, and for tokens whose subject is not one of our ids. */
    public OptionalLong id() {
        return security.getAuthentication()
                .map(Authentication::getName)
                .map(CurrentUser::parseId)
                .orElse(OptionalLong.empty());
    }

    /** The caller's id on endpoints that require auth: the token must name a user that still exists. */
    public long requireId() {
        long id = id().orElseThrow(() -> new UnauthenticatedException("missing or invalid token"));
        if (!knownUsers.exists(id)) {
            throw new UnauthenticatedException("user no longer exists");
        }
        return id;
    }

    private static OptionalLong parseId(String subject) {
        try {
            long id = Long.parseLong(subject);
            return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
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
