package conduit.system;

import conduit.api.model.ErrorBody;
import conduit.api.model.ErrorResponse;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

import java.util.List;

/** Builds the RealWorld error body, {@code {"errors":{"body":["..."]}}}, the only error shape we send. */
public final class Errors {

    private Errors() {
    }

    public static ErrorResponse body(List<String> messages) {
        return new ErrorResponse(new ErrorBody(List.copyOf(messages)));
    }

    public static MutableHttpResponse<ErrorResponse> response(HttpStatus status, List<String> messages) {
        return HttpResponse.<ErrorResponse>status(status).body(body(messages));
    }

    /** A message for errors that the framework raises without one (401 from the security filter, 405...). */
    static String defaultMessage(HttpStatus status) {
        return switch (status) {
            case UNAUTHORIZED -> "missing or invalid token";
            case FORBIDDEN -> "you are not allowed to do this";
            case NOT_FOUND -> "not found";
            case METHOD_NOT_ALLOWED -> "method not allowed";
            case NOT_ACCEPTABLE -> "only application/json responses are available";
            case UNSUPPORTED_MEDIA_TYPE -> "request body must be application/json";
            case REQUEST_ENTITY_TOO_LARGE -> "request body is too large";
            case REQUEST_URI_TOO_LONG -> "request URI is too long";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "request headers are too large";
            case BAD_REQUEST -> "malformed request";
            default -> status.getCode() >= 500 ? "internal server error" : status.getReason().toLowerCase();
        };
    }
}
