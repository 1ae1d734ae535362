package conduit.system;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the service layer throws when a request cannot be served. It carries no HTTP types:
 * {@link ServiceExceptionHandler} is the one place that turns each kind into a status code.
 */
public abstract sealed class ServiceException extends RuntimeException
        permits InvalidInputException, ConflictException, UnauthenticatedException, ForbiddenException,
        NotFoundException, RateLimitedException {

    private final List<Problem> problems;

    ServiceException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")), null, false, false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a service exception needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** What is wrong, safe to show to the client. */
    public List<Problem> problems() {
        return problems;
    }
}
