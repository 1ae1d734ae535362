package conduit.system;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses requests the JSON binder would otherwise half-accept: a body that is not exactly one JSON
 * value in strict UTF-8 (trailing garbage, a second document, overlong encodings), and NUL characters
 * anywhere, which PostgreSQL text cannot hold. Bodies are at most 1 MB, so checking them is cheap.
 */
@ServerFilter("/api/**")
final class RequestSanityFilter implements Ordered {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 10;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request, @Nullable @Body byte[] body) {
        if (containsNul(request.getPath()) || request.getPath().toLowerCase().contains("%00")
                || request.getParameters().values().stream().flatMap(List::stream).anyMatch(RequestSanityFilter::containsNul)) {
            return refuse("contains a NUL character");
        }
        if (!PercentEncoding.isValidUtf8(request.getUri().getRawPath())
                || !PercentEncoding.isValidUtf8(request.getUri().getRawQuery())) {
            return refuse("URI has malformed percent-encoding");
        }
        for (var parameter : request.getParameters().asMap().entrySet()) {
            // No parameter of ours takes several values; joining them ("a,b") would search for something else.
            if (parameter.getValue().size() > 1) {
                return Errors.response(HttpStatus.UNPROCESSABLE_ENTITY, new Problem(parameter.getKey(), "must be given once"));
            }
        }
        boolean json = request.getContentType().map(type -> type.matches(MediaType.APPLICATION_JSON_TYPE)).orElse(true);
        if (body == null || body.length == 0 || !json || request.getMethod() == HttpMethod.GET) {
            return null;
        }
        if (!PercentEncoding.isUtf8(body)) {
            return refuse("body is not valid JSON");
        }
        Map<String, Set<String>> fields = new HashMap<>();
        Scan scan = scan(body, fields);
        request.setAttribute(PresentFields.ATTRIBUTE, new PresentFields(fields));
        return switch (scan) {
            case TRAILING_CONTENT -> refuse("body is not valid JSON");
            case NUL_CHARACTER -> refuse("contains a NUL character");
            case NO_VALUE -> refuse("body is missing");
            case TOO_DEEP -> refuse("body is nested deeper than " + JsonLimits.MAX_NESTING_DEPTH + " levels");
            case OK, MALFORMED -> null;
        };
    }

    private static boolean containsNul(String value) {
        return value.indexOf('\0') >= 0;
    }

    private enum Scan { OK, MALFORMED, TRAILING_CONTENT, NUL_CHARACTER, NO_VALUE, TOO_DEEP }

    /**
     * Walks the whole body: one JSON value, nothing after it but whitespace, no NUL in any string. On the way
     * it notes the names inside each wrapper object ({@code {"user": {names...}}}) for {@link PresentFields}.
     */
    private static Scan scan(byte[] body, Map<String, Set<String>> fields) {
        boolean complete = false;
        boolean any = false;
        try (JsonParser parser = JSON.createParser(body)) {
            int depth = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                any = true;
                if (complete) {
                    return Scan.TRAILING_CONTENT;
                }
                if ((token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) && containsNul(parser.getText())) {
                    return Scan.NUL_CHARACTER;
                }
                if (token == JsonToken.FIELD_NAME && depth == 2) {
                    JsonStreamContext wrapper = parser.getParsingContext().getParent();
                    if (wrapper.inObject() && wrapper.getParent().inRoot()) {
                        fields.computeIfAbsent(wrapper.getCurrentName(), name -> new HashSet<>()).add(parser.getText());
                    }
                }
                if (token.isStructStart()) {
                    depth++;
                    if (depth > JsonLimits.MAX_NESTING_DEPTH) {
                        return Scan.TOO_DEEP;
                    }
                } else if (token.isStructEnd()) {
                    depth--;
                }
                complete = depth == 0;
            }
            return complete ? Scan.OK : any ? Scan.MALFORMED : Scan.NO_VALUE;
        } catch (StreamConstraintsException e) {
            return Scan.TOO_DEEP;
        } catch (IOException e) {
            // Garbage after a complete value is ours to refuse; other malformed JSON is left to the binder.
            return complete ? Scan.TRAILING_CONTENT : Scan.MALFORMED;
        }
    }

    private static HttpResponse<?> refuse(String message) {
        return Errors.response(HttpStatus.BAD_REQUEST, new Problem("request", message));
    }
}
