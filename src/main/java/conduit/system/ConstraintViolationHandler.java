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

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Bean validation of generated request models and parameters (required fields, limit bounds).
 * RealWorld answers these with 422, keyed by the JSON field: {@code {"email":["can't be blank"]}}.
 */
@Singleton
@Replaces(ConstraintExceptionHandler.class)
final class ConstraintViolationHandler implements ExceptionHandler<ConstraintViolationException, HttpResponse<ErrorResponse>> {

    @Override
    public HttpResponse<ErrorResponse> handle(HttpRequest request, ConstraintViolationException exception) {
        List<Problem> problems = exception.getConstraintViolations().stream()
                .map(ConstraintViolationHandler::problem)
                .sorted(Comparator.comparing(Problem::key).thenComparing(Problem::message))
                .toList();
        return Errors.response(HttpStatus.UNPROCESSABLE_ENTITY, problems);
    }

    /** Header parameters are named as the client sends them, not as the generated method calls them. */
    private static final Map<String, String> WIRE_NAMES = Map.of("idempotencyKey", "Idempotency-Key",
            "ifNoneMatch", "If-None-Match");

    private static Problem problem(ConstraintViolation<?> violation) {
        String field = "request";
        boolean element = false;
        for (Path.Node node : violation.getPropertyPath()) {
            element = node.getKind() == ElementKind.CONTAINER_ELEMENT;
            if (!element && node.getName() != null) {
                field = node.getName();
            }
        }
        field = WIRE_NAMES.getOrDefault(field, field);
        boolean missing = violation.getConstraintDescriptor().getAnnotation() instanceof NotNull;
        if (missing) {
            // A null inside a list (tagList: ["a", null]) is reported on the list, in words a client can show.
            return element ? new Problem(field, "must not contain null") : Problem.blank(field);
        }
        return new Problem(field, violation.getMessage());
    }
}
