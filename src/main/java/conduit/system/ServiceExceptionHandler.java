package conduit.system;

import conduit.api.model.ErrorResponse;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Maps every kind of {@link ServiceException} to its status; RealWorld wants 422 for invalid input. */
@Singleton
final class ServiceExceptionHandler implements ExceptionHandler<ServiceException, HttpResponse<ErrorResponse>> {

    @Override
    public HttpResponse<ErrorResponse> handle(HttpRequest request, ServiceException exception) {
        return Errors.response(statusOf(exception), exception.messages());
    }

    static HttpStatus statusOf(ServiceException exception) {
        if (exception instanceof InvalidInputException) {
            return HttpStatus.UNPROCESSABLE_ENTITY;
        } else if (exception instanceof UnauthenticatedException) {
            return HttpStatus.UNAUTHORIZED;
        } else if (exception instanceof ForbiddenException) {
            return HttpStatus.FORBIDDEN;
        } else if (exception instanceof NotFoundException) {
            return HttpStatus.NOT_FOUND;
        }
        throw new IllegalStateException("unmapped service exception " + exception.getClass());
    }
}
