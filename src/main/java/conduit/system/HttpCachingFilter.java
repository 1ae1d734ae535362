package conduit.system;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * HTTP caching for the API. A successful GET gets an ETag computed from the exact bytes sent, so it
 * changes whenever the representation does, per-caller fields included; a matching If-None-Match
 * gets 304 without a body. Responses that carry a token are never stored anywhere. Cacheable
 * answers vary by token and by Origin (CORS headers differ per origin), so shared caches keep them apart.
 */
@ServerFilter("/api/**")
final class HttpCachingFilter {

    static final String NO_STORE = "no-store";
    static final String PRIVATE = "private, no-cache";
    static final String PUBLIC = "public, no-cache";

    private final JsonMapper json;
    private final OperationPolicies policies;

    HttpCachingFilter(JsonMapper json, OperationPolicies policies) {
        this.json = json;
        this.policies = policies;
    }

    @ResponseFilter
    MutableHttpResponse<?> cache(HttpRequest<?> request, MutableHttpResponse<?> response) {
        var cache = policies.of(request).map(OperationPolicies.Policy::cache).orElse(OperationPolicies.Cache.NONE);
        if (cache == OperationPolicies.Cache.NO_STORE) {
            return response.header(HttpHeaders.CACHE_CONTROL, NO_STORE);
        }
        boolean cacheable = cache == OperationPolicies.Cache.PER_CALLER || cache == OperationPolicies.Cache.SHARED;
        if (!cacheable || request.getMethod() != HttpMethod.GET || response.status() != HttpStatus.OK
                || response.body() == null) {
            return response;
        }
        Representation representation = representation(response);
        byte[] bytes = representation.bytes();
        String etag = representation.etag();
        String cacheControl = cache == OperationPolicies.Cache.PER_CALLER
                && request.getHeaders().contains(HttpHeaders.AUTHORIZATION) ? PRIVATE : PUBLIC;
        boolean current = request.getHeaders().get(HttpHeaders.IF_NONE_MATCH, String.class)
                .map(tags -> Etags.matches(tags, etag))
                .orElse(false);
        MutableHttpResponse<?> answer = current
                ? HttpResponse.notModified()
                : response.body(bytes).contentType(MediaType.APPLICATION_JSON_TYPE);
        if (current) {
            response.getHeaders().forEach((name, values) -> values.forEach(value -> answer.getHeaders().add(name, value)));
        }
        return answer.header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION + ", " + HttpHeaders.ORIGIN);
    }

    /**
     * The bytes sent and their ETag. A {@link SharedBody}'s are made once and kept in it (by identity: another body
     * object is another representation).
     */
    private Representation representation(MutableHttpResponse<?> response) {
        Object body = response.body();
        var shared = SharedBody.of(response);
        if (shared.isPresent() && shared.get().representation() instanceof Representation kept && kept.body() == body) {
            return kept;
        }
        byte[] bytes = serialize(body);
        var representation = new Representation(body, bytes, Etags.of(bytes));
        shared.ifPresent(holder -> holder.representation(representation));
        return representation;
    }

    private record Representation(Object body, byte[] bytes, String etag) {
    }

    private byte[] serialize(Object body) {
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
