package conduit.system;

import conduit.api.model.ErrorResponse;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds every error body we send, RealWorld's {@code {"errors":{"<key>":["<message>", ...]}}}, keyed by
 * what each problem is about, in the order the problems were found.
 */
public final class Errors {

    private Errors() {
    }

    public static ErrorResponse body(List<Problem> problems) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (Problem problem : problems) {
            List<String> messages = byKey.computeIfAbsent(problem.key(), key -> new ArrayList<>());
            if (!messages.contains(problem.message())) {
                messages.add(problem.message());
            }
        }
        return new ErrorResponse(byKey);
    }

    public static MutableHttpResponse<ErrorResponse> response(HttpStatus status, List<Problem> problems) {
        return HttpResponse.<ErrorResponse>status(status).body(body(problems));
    }

    public static MutableHttpResponse<ErrorResponse> response(HttpStatus status, Problem problem) {
        return response(status, List.of(problem));
    }

    static Problem rateLimited(long retryAfterSeconds) {
        return new Problem("rateLimit", "is exceeded; try again in " + retryAfterSeconds + " seconds");
    }

    /**
     * The problem for errors about the request as a whole, which the framework raises without one. Each
     * status has one key, the same on every operation (documented in the contract's description).
     */
    static Problem requestProblem(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> new Problem("route", "not found");
            case METHOD_NOT_ALLOWED -> new Problem("method", "is not allowed");
            case NOT_ACCEPTABLE -> new Problem("accept", "only application/json responses are available");
            case UNSUPPORTED_MEDIA_TYPE -> new Problem("contentType", "must be application/json");
            case REQUEST_ENTITY_TOO_LARGE -> new Problem("request", "body is too large");
            case REQUEST_URI_TOO_LONG -> new Problem("uri", "is too long");
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> new Problem("headers", "are too large");
            case FORBIDDEN -> new Problem("request", "forbidden");
            case BAD_REQUEST -> new Problem("request", "is malformed");
            case SERVICE_UNAVAILABLE -> new Problem("service", "is temporarily unavailable; retry shortly");
            default -> status.getCode() >= 500
                    ? new Problem("server", "internal error")
                    : new Problem("request", status.getReason().toLowerCase(java.util.Locale.ROOT));
        };
    }
}
