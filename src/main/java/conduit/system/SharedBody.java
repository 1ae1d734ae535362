package conduit.system;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The answer to a read served from a copy (the tag list, a public article): one per copy, made once and given to
 * every caller until the copy is dropped. It holds the wire object made from the copy ({@link #body}), and
 * {@link HttpCachingFilter} keeps in it the bytes and ETag it made of that object, so a copy is serialised and hashed
 * once, not once per request. A response carries it by {@link #mark}.
 */
public final class SharedBody {

    private static final String ATTRIBUTE = SharedBody.class.getName();

    private volatile Object body;
    /** HttpCachingFilter's representation of {@link #body}; checked by identity against the body it was made of. */
    private volatile Object representation;

    /** The wire object of this copy: made by {@code make} the first time, the same instance after that. */
    @SuppressWarnings("unchecked")
    public <T> T body(Supplier<T> make) {
        Object made = body;
        if (made == null) {
            made = make.get();
            body = made;
        }
        return (T) made;
    }

    /** A 200 whose body is this copy's wire object, made by {@code make} the first time, and marked as shared. */
    public <T> MutableHttpResponse<T> ok(Supplier<T> make) {
        return mark(HttpResponse.ok(body(make)), this);
    }

    /** Says that this response's body is {@code shared}'s, never modified. */
    public static <T> MutableHttpResponse<T> mark(MutableHttpResponse<T> response, SharedBody shared) {
        response.setAttribute(ATTRIBUTE, shared);
        return response;
    }

    static Optional<SharedBody> of(HttpResponse<?> response) {
        return response.getAttribute(ATTRIBUTE, SharedBody.class);
    }

    Object representation() {
        return representation;
    }

    void representation(Object representation) {
        this.representation = representation;
    }
}
