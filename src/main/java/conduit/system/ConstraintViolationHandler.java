package conduit.system;

import conduit.api.model.ErrorResponse;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * Bean validation of generated request models and parameters (required fields, limit bounds).
 * RealWorld answers these with 422 and messages named after the JSON field, e.g. "email can't be blank".
 */
@Singleton
@Replaces(ConstraintExceptionHandler.class)
final class ConstraintViolationHandler implements ExceptionHandler<ConstraintViolationException, HttpResponse<ErrorResponse>> {

    @Override
    public HttpResponse<ErrorResponse> handle(HttpRequest request, ConstraintViolationException exception) {
        List<String> messages = exception.getConstraintViolations().stream()
                .map(ConstraintViolationHandler::message)
                .sorted()
                .toList();
        return Errors.response(HttpStatus.UNPROCESSABLE_ENTITY, messages);
    }

    private static String message(ConstraintViolation<?> violation) {
        String field = "request";
        boolean element = false;
        for (Path.Node node : violation.getPropertyPath()) {
            element = node.getKind() == ElementKind.CONTAINER_ELEMENT;
            if (!element && node.getName() != null) {
                field = node.getName();
            }
        }
        boolean missing = violation.getConstraintDescriptor().getAnnotation() instanceof NotNull;
        if (missing) {
            // A null inside a list (tagList: ["a", null]) is reported on the list, in words a client can show.
            return field + (element ? " must not contain null" : " can't be blank");
        }
        return field + " " + violation.getMessage();
    }
}
