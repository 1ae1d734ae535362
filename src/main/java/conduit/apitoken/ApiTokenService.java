package conduit.apitoken;

import conduit.system.InvalidInputException;
import conduit.system.NotFoundException;
import conduit.system.OpaqueTokens;
import conduit.system.OperationPolicies;
import conduit.system.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Creating, listing and revoking a user's API tokens: the rules and the transactions. */
@Singleton
public class ApiTokenService {

    static final int NAME_MAX = 100;
    /** Enough for every integration a person runs; a runaway script cannot mint tokens without end. */
    static final int ACTIVE_MAX = 50;

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    /** A new token: what the list shows, and the secret, which nothing shows again. */
    record Issued(ApiTokenQueries.Listed token, String secret) {
    }

    private final ApiTokenQueries tokens;

    ApiTokenService(ApiTokenQueries tokens) {
        this.tokens = tokens;
    }

    @Transactional
    Issued create(long userId, @Nullable String name, @Nullable List<String> scopes, @Nullable String expiry) {
        String cleanName = name == null ? null : name.strip();
        List<Problem> problems = new ArrayList<>();
        if (cleanName == null || cleanName.isEmpty()) {
            problems.add(Problem.blank("name"));
        } else if (cleanName.codePointCount(0, cleanName.length()) > NAME_MAX) {
            problems.add(Problem.tooLong("name", NAME_MAX));
        } else if (CONTROL.matcher(cleanName).find()) {
            problems.add(new Problem("name", "must be a single line"));
        }
        Set<String> granted = new LinkedHashSet<>();
        if (scopes == null || scopes.isEmpty()) {
            problems.add(Problem.blank("scopes"));
        } else {
            for (String scope : scopes) {
                if (scope == null || !OperationPolicies.SCOPES.contains(scope)) {
                    problems.add(new Problem("scopes", "has an unknown scope '" + scope + "'"));
                } else {
                    granted.add(scope);
                }
            }
        }
        Instant expiresAt = null;
        if (expiry != null) {
            try {
                expiresAt = OffsetDateTime.parse(expiry.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                if (!expiresAt.isAfter(Instant.now())) {
                    problems.add(new Problem("expiresAt", "must be in the future"));
                }
            } catch (DateTimeParseException e) {
                problems.add(new Problem("expiresAt", "is not an RFC 3339 date-time such as 2030-01-31T12:00:00Z"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (tokens.countActiveLocked(userId) >= ACTIVE_MAX) {
            throw new InvalidInputException(new Problem("token",
                    "is one too many: a user may have " + ACTIVE_MAX + " active API tokens; revoke one first"));
        }
        String secret = ApiTokenSecrets.generate();
        var token = tokens.insert(userId, cleanName, OpaqueTokens.hash(secret), List.copyOf(granted), expiresAt);
        return new Issued(token, secret);
    }

    @Transactional(readOnly = true)
    List<ApiTokenQueries.Listed> list(long userId) {
        return tokens.active(userId);
    }

    /**
     * Revokes every API token of the user: a password change calls it in its own transaction, so that a thief
     * who had a session long enough to create a token loses it with the session.
     */
    @Transactional
    public int revokeAll(long userId) {
        return tokens.revokeAll(userId);
    }

    @Transactional
    void revoke(long userId, long tokenId) {
        if (!tokens.revoke(userId, tokenId)) {
            throw new NotFoundException("apiToken");
        }
    }
}
