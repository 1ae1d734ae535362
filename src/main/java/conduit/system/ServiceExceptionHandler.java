package conduit.system;

import conduit.api.model.ErrorResponse;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Maps every kind of {@link ServiceException} to its status; RealWorld wants 422 for invalid input, 409 for conflicts. */
@Singleton
final class ServiceExceptionHandler implements ExceptionHandler<ServiceException, HttpResponse<ErrorResponse>> {

    @Override
    public HttpResponse<ErrorResponse> handle(HttpRequest request, ServiceException exception) {
        var response = Errors.response(statusOf(exception), exception.problems());
        if (exception instanceof RateLimitedException limited) {
            limited.state().addHeadersTo(response);
        }
        return response;
    }

    static HttpStatus statusOf(ServiceException exception) {
        if (exception instanceof InvalidInputException) {
            return HttpStatus.UNPROCESSABLE_ENTITY;
        } else if (exception instanceof ConflictException) {
            return HttpStatus.CONFLICT;
        } else if (exception instanceof UnauthenticatedException) {
            return HttpStatus.UNAUTHORIZED;
        } else if (exception instanceof ForbiddenException) {
            return HttpStatus.FORBIDDEN;
        } else if (exception instanceof NotFoundException) {
            return HttpStatus.NOT_FOUND;
        } else if (exception instanceof RateLimitedException) {
            return HttpStatus.TOO_MANY_REQUESTS;
        }
        throw new IllegalStateException("unmapped service exception " + exception.getClass());
    }
}
