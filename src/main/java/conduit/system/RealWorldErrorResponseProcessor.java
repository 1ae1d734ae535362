package conduit.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import conduit.api.model.ErrorResponse;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.codec.CodecException;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Renders every error the framework produces itself (unknown route, malformed JSON, wrong content
 * type, missing token...) in the RealWorld shape. The framework's own texts can carry parser
 * internals, so well-known statuses get fixed messages; nothing internal ever reaches the client.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class RealWorldErrorResponseProcessor implements ErrorResponseProcessor<ErrorResponse> {

    private final TokenDiagnosis tokens;

    RealWorldErrorResponseProcessor(TokenDiagnosis tokens) {
        this.tokens = tokens;
    }

    @Override
    public MutableHttpResponse<ErrorResponse> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        if (response.status() == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
            response.status(tooLargePart(context.getRequest()));
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(Errors.body(List.of(problem(context, response.status()))));
    }

    /**
     * Netty reports an over-long request line or header block as 413, like a large body, and without a
     * cause: a body has a length or is chunked, and a request line Netty could not read arrives as a
     * placeholder request for /bad-request.
     */
    private static HttpStatus tooLargePart(HttpRequest<?> request) {
        if (request.getContentLength() > 0 || request.getHeaders().contains(HttpHeaders.TRANSFER_ENCODING)) {
            return HttpStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        return "/bad-request".equals(request.getPath())
                ? HttpStatus.REQUEST_URI_TOO_LONG
                : HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
    }

    private Problem problem(ErrorContext context, HttpStatus status) {
        if (status == HttpStatus.UNAUTHORIZED) {
            return new Problem("token", tokens.problemWith(context.getRequest()));
        }
        if (status == HttpStatus.BAD_REQUEST) {
            Throwable cause = context.getRootCause().orElse(null);
            if (cause instanceof UnsatisfiedBodyRouteException) {
                return new Problem("request", "body is missing");
            }
            if (cause instanceof UnsatisfiedRouteException || cause instanceof ConversionErrorException) {
                return new Problem("request", context.getErrors().stream().map(Error::getMessage).findFirst()
                        .orElse("is malformed"));
            }
            return new Problem("request", isJsonSyntaxError(cause) ? "body is not valid JSON" : "is malformed");
        }
        return Errors.requestProblem(status);
    }

    private static boolean isJsonSyntaxError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException || cause instanceof CodecException) {
                return true;
            }
        }
        return false;
    }
}
