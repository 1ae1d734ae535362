package conduit.system;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;

/**
 * Marks an answer whose body object is shared: the same instance, never modified, goes to every caller until its
 * source changes (a copy such as the tag list). {@link HttpCachingFilter} then serialises it and computes its ETag
 * once per instance instead of once per request.
 */
public final class SharedBody {

    private static final String ATTRIBUTE = SharedBody.class.getName();

    private SharedBody() {
    }

    public static <T> MutableHttpResponse<T> mark(MutableHttpResponse<T> response) {
        response.setAttribute(ATTRIBUTE, Boolean.TRUE);
        return response;
    }

    static boolean isMarked(HttpResponse<?> response) {
        return response.getAttribute(ATTRIBUTE, Boolean.class).orElse(false);
    }
}
