package conduit.system;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fields an update request names, null ones included. A generated model cannot tell {@code "bio": null}
 * from a body without {@code bio}, but an update must: the first clears the bio, the second keeps it.
 * {@link RequestSanityFilter}, which reads every JSON body anyway, notes the names for this.
 */
public final class PresentFields {

    static final String ATTRIBUTE = "conduit.presentFields";

    private final Map<String, Set<String>> byWrapper;

    PresentFields(Map<String, Set<String>> byWrapper) {
        this.byWrapper = byWrapper;
    }

    /** The names inside {@code {"<wrapper>": {...}}} of the current request's JSON body. */
    public static Optional<Set<String>> of(String wrapper) {
        return ServerRequestContext.currentRequest().flatMap(request -> of(request, wrapper));
    }

    /** As above, for filters, which run before the request becomes the current one. */
    public static Optional<Set<String>> of(HttpRequest<?> request, String wrapper) {
        return request.getAttribute(ATTRIBUTE, PresentFields.class)
                .map(fields -> fields.byWrapper.getOrDefault(wrapper, Set.of()));
    }
}
