package conduit.auth;

import io.micronaut.http.HttpHeaders;
import io.micronaut.security.token.reader.HttpHeaderTokenReader;
import jakarta.inject.Singleton;

/**
 * The built-in bearer reader is configured with RealWorld's "Token" prefix; this second reader
 * accepts the standard "Authorization: Bearer &lt;jwt&gt;" as well.
 */
@Singleton
final class BearerHeaderTokenReader extends HttpHeaderTokenReader {

    static final String PREFIX = "Bearer";

    @Override
    protected String getPrefix() {
        return PREFIX;
    }

    @Override
    protected String getHeaderName() {
        return HttpHeaders.AUTHORIZATION;
    }
}
