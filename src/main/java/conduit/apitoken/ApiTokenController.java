package conduit.apitoken;

import conduit.api.ApiTokensApi;
import conduit.api.model.ApiToken;
import conduit.api.model.ApiTokensResponse;
import conduit.api.model.IssuedApiToken;
import conduit.api.model.IssuedApiTokenResponse;
import conduit.api.model.NewApiTokenRequest;
import conduit.auth.CurrentUser;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** API token management; only a signed-in session reaches it (x-scope: session, enforced by ScopeFilter). */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class ApiTokenController implements ApiTokensApi {

    private final ApiTokenService tokens;
    private final CurrentUser currentUser;

    ApiTokenController(ApiTokenService tokens, CurrentUser currentUser) {
        this.tokens = tokens;
        this.currentUser = currentUser;
    }

    @Override
    public HttpResponse<IssuedApiTokenResponse> createApiToken(NewApiTokenRequest request) {
        long userId = currentUser.requireId();
        currentUser.requireSessionId();
        var wanted = request.getToken();
        var issued = tokens.create(userId, wanted.getName(), wanted.getScopes(), wanted.getExpiresAt());
        var token = issued.token();
        return HttpResponse.created(new IssuedApiTokenResponse(new IssuedApiToken(token.id(), token.name(),
                token.scopes(), utc(token.createdAt()), utc(token.expiresAt()), utc(token.lastUsedAt()),
                issued.secret())));
    }

    @Override
    public ApiTokensResponse listApiTokens() {
        long userId = currentUser.requireId();
        currentUser.requireSessionId();
        return new ApiTokensResponse(tokens.list(userId).stream()
                .map(token -> new ApiToken(token.id(), token.name(), token.scopes(), utc(token.createdAt()),
                        utc(token.expiresAt()), utc(token.lastUsedAt())))
                .toList());
    }

    @Override
    public HttpResponse<Void> deleteApiToken(Long tokenId) {
        long userId = currentUser.requireId();
        currentUser.requireSessionId();
        tokens.revoke(userId, tokenId);
        return HttpResponse.noContent();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
