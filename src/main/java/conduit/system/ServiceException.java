package conduit.system;

import java.util.List;

/**
 * What the service layer throws when a request cannot be served. It carries no HTTP types:
 * {@link ServiceExceptionHandler} is the one place that turns each kind into a status code.
 */
public abstract sealed class ServiceException extends RuntimeException
        permits InvalidInputException, UnauthenticatedException, ForbiddenException, NotFoundException,
        RateLimitedException {

    private final List<String> messages;

    protected ServiceException(String message) {
        this(List.of(message));
    }

    ServiceException(List<String> messages) {
        super(String.join("; ", messages), null, false, false);
        this.messages = List.copyOf(messages);
    }

    /** Human-readable messages, safe to show to the client. */
    public List<String> messages() {
        return messages;
    }
}
