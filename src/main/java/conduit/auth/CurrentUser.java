package conduit.auth;

import conduit.system.ForbiddenException;
import conduit.system.Problem;
import conduit.system.UnauthenticatedException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.security.utils.SecurityService;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Who is calling: the user of the request's token, when the token is valid and its session is still active
 * (not logged out or revoked). A token of an ended session identifies no one: optional-auth operations treat
 * the caller as anonymous, and operations that require auth answer 401.
 */
@Singleton
public final class CurrentUser {

    /**
     * Attributes of an {@code Authentication} made from an API token rather than a session's JWT: the token's id
     * (a {@code Long}) and its scopes (a {@code List<String>}). Set by the API token validator (apitoken).
     */
    public static final String API_TOKEN_ID = "apiTokenId";
    public static final String API_TOKEN_SCOPES = "apiTokenScopes";

    /** Said (403 token) when an API token is used for what only a signed-in session may do. */
    public static final String SESSION_NEEDED = "can't be used for this: an API token may not manage sessions, "
            + "tokens, the email or the password; sign in";

    private final SecurityService security;
    private final String tokenPrefix;

    private final ActiveSessions sessions;

    CurrentUser(SecurityService security, @Value("${micronaut.security.token.bearer.prefix}") String tokenPrefix,
                ActiveSessions sessions) {
        this.security = security;
        this.tokenPrefix = tokenPrefix;
        this.sessions = sessions;
    }

    /** The caller's id; empty for anonymous callers and for tokens that identify no active session. */
    public OptionalLong id() {
        return caller().map(caller -> OptionalLong.of(caller.userId())).orElse(OptionalLong.empty());
    }

    /** The caller's id on endpoints that require auth; 401 unless the token's session is active. */
    public long requireId() {
        return requireCaller().userId();
    }

    /**
     * The session the caller's token belongs to, on endpoints that require auth and a session (x-scope: session,
     * which the API token scope filter enforces first; an API token is refused here too).
     */
    public UUID requireSessionId() {
        Caller caller = requireCaller();
        if (caller.sessionId() == null) {
            throw new ForbiddenException(new Problem("token", SESSION_NEEDED));
        }
        return caller.sessionId();
    }

    /** True when the caller authenticated with an API token (no session behind it). */
    public boolean isApiToken() {
        return caller().map(caller -> caller.sessionId() == null).orElse(false);
    }

    /** An API token's caller has no session: {@code sessionId} is null and {@code apiTokenId} is set. */
    private record Caller(long userId, @Nullable UUID sessionId, @Nullable Long apiTokenId) { }

    private Caller requireCaller() {
        if (security.getAuthentication().isEmpty()) {
            throw UnauthenticatedException.token(presentedToken().isEmpty() ? TokenProblems.MISSING : TokenProblems.INVALID);
        }
        // A valid signature, but its session was logged out or revoked, or its user deleted.
        return caller().orElseThrow(() -> UnauthenticatedException.token(TokenProblems.REVOKED));
    }

    private Optional<Caller> caller() {
        return security.getAuthentication().flatMap(authentication -> {
            OptionalLong userId = parseId(authentication.getName());
            if (userId.isPresent() && authentication.getAttributes().get(API_TOKEN_ID) instanceof Long tokenId) {
                // The validator found the token active; revocation is checked on every request, not cached.
                return Optional.of(new Caller(userId.getAsLong(), null, tokenId));
            }
            Optional<UUID> sessionId = parseSessionId(authentication.getAttributes().get(TokenIssuer.SESSION_CLAIM));
            if (userId.isEmpty() || sessionId.isEmpty() || !sessions.isActive(sessionId.get(), userId.getAsLong())) {
                return Optional.empty();
            }
            return Optional.of(new Caller(userId.getAsLong(), sessionId.get(), null));
        });
    }

    private static Optional<UUID> parseSessionId(Object claim) {
        if (!(claim instanceof String value) || value.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
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
        return ServerRequestContext.currentRequest().flatMap(this::presentedToken);
    }

    Optional<String> presentedToken(HttpRequest<?> request) {
        return request.getHeaders().findFirst(HttpHeaders.AUTHORIZATION).flatMap(this::stripScheme);
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
