package conduit.system;

import java.util.List;

/** The caller is known but may not do this to the resource, e.g. change somebody else's article. */
public final class ForbiddenException extends ServiceException {

    public ForbiddenException(String resource) {
        super(List.of(new Problem(resource, "forbidden")));
    }

    /** Forbidden for a reason worth saying, e.g. {@code token: needs the scope articles:write}. */
    public ForbiddenException(Problem problem) {
        super(List.of(problem));
    }
}
