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
        String field = lastNodeName(violation.getPropertyPath());
        boolean missing = violation.getConstraintDescriptor().getAnnotation() instanceof NotNull;
        return field + " " + (missing ? "can't be blank" : violation.getMessage());
    }

    private static String lastNodeName(Path path) {
        String name = "request";
        for (Path.Node node : path) {
            if (node.getName() != null) {
                name = node.getName();
            }
        }
        return name;
    }
}
