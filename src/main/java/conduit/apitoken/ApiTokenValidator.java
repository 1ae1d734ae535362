package conduit.apitoken;

import conduit.auth.CurrentUser;
import conduit.system.OpaqueTokens;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Authenticates {@code Authorization: Bearer cdt_...} (or {@code Token cdt_...}): the token's hash is looked up on
 * every request, so a revoked or expired token is refused at once on every instance, with no cache to wait out.
 * The lookup runs on the blocking pool, never on the event loop. The authentication carries the token's id and
 * scopes ({@link CurrentUser#API_TOKEN_ID}, {@link CurrentUser#API_TOKEN_SCOPES}); JWTs are left to Micronaut's
 * own validator, which runs first and knows nothing of these.
 */
@Singleton
final class ApiTokenValidator implements TokenValidator<HttpRequest<?>> {

    private final ApiTokenQueries tokens;
    private final Scheduler blocking;

    ApiTokenValidator(ApiTokenQueries tokens, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.tokens = tokens;
        this.blocking = Schedulers.fromExecutorService(blocking);
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        if (token == null || !ApiTokenSecrets.wellFormed(token)) {
            return Publishers.empty();
        }
        return Mono.fromCallable(() -> tokens.authenticate(OpaqueTokens.hash(token))
                        .map(holder -> Authentication.build(Long.toString(holder.userId()), List.of(), Map.of(
                                CurrentUser.API_TOKEN_ID, holder.tokenId(),
                                CurrentUser.API_TOKEN_SCOPES, holder.scopes())))
                        .orElse(null))
                .subscribeOn(blocking);
    }
}
