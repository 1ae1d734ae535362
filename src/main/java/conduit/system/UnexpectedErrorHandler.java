package conduit.system;

import conduit.api.model.ErrorResponse;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

/**
 * The last resort for exceptions no specific handler claims. When the database cannot be reached the
 * answer is 503 with Retry-After, fast (the pool gives up after its connection timeout), and the
 * service recovers by itself once PostgreSQL is back. Anything else is a bug: 500 with a generic
 * message, the stack trace only in the log.
 */
@Singleton
final class UnexpectedErrorHandler implements ExceptionHandler<RuntimeException, HttpResponse<ErrorResponse>> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorHandler.class);
    static final String RETRY_AFTER_SECONDS = "5";

    @Override
    public HttpResponse<ErrorResponse> handle(HttpRequest request, RuntimeException exception) {
        if (databaseUnavailable(exception)) {
            LOG.warn("Database unavailable for {} {}: {}", request.getMethod(), request.getPath(), exception.getMessage());
            return Errors.response(HttpStatus.SERVICE_UNAVAILABLE, Errors.requestProblem(HttpStatus.SERVICE_UNAVAILABLE))
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        LOG.error("Unexpected error for {} {}", request.getMethod(), request.getPath(), exception);
        return Errors.response(HttpStatus.INTERNAL_SERVER_ERROR, Errors.requestProblem(HttpStatus.INTERNAL_SERVER_ERROR));
    }

    static boolean databaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // When PostgreSQL drops a connection mid-request, the pool closes it and Micronaut's attempt to
            // reset it surfaces as a ConnectionException that no longer carries the original error.
            if (cause instanceof SQLTransientConnectionException || cause instanceof ConnectException
                    || cause instanceof ConnectionException) {
                return true;
            }
            // SQLState class 08 is "connection exception"; 57P01-57P03 mean the server is shutting down or starting.
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }
}
