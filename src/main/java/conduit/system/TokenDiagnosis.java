package conduit.system;

import io.micronaut.http.HttpRequest;

/**
 * Says why a request's token was refused ({@code is missing}, {@code is invalid}, {@code has expired}),
 * for the 401s that the security filter raises without a reason. Implemented where tokens are made.
 */
public interface TokenDiagnosis {

    String problemWith(HttpRequest<?> request);
}
