package conduit.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import conduit.api.model.ErrorResponse;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.server.exceptions.ConversionErrorHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * A value that cannot be read as its declared type. Truncated JSON is a malformed request (400);
 * a parameter like limit=abc or a body field of the wrong JSON type is invalid input (422).
 */
@Singleton
@Replaces(ConversionErrorHandler.class)
final class ConversionErrorToUnprocessable implements ExceptionHandler<ConversionErrorException, HttpResponse<ErrorResponse>> {

    @Override
    public HttpResponse<ErrorResponse> handle(HttpRequest request, ConversionErrorException exception) {
        if (!exception.getArgument().getAnnotationMetadata().hasAnnotation(Body.class)) {
            return Errors.response(HttpStatus.UNPROCESSABLE_ENTITY, Problem.invalid(exception.getArgument().getName()));
        }
        if (isSyntaxError(exception)) {
            return Errors.response(HttpStatus.BAD_REQUEST, new Problem("request", "body is not valid JSON"));
        }
        return Errors.response(HttpStatus.UNPROCESSABLE_ENTITY, new Problem("request", "body has a field of the wrong type"));
    }

    private static boolean isSyntaxError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException) {
                return true;
            }
        }
        return false;
    }
}
