package conduit.system;

import java.util.List;

/** The caller is known but may not do this, e.g. change somebody else's article. */
public final class ForbiddenException extends ServiceException {

    public ForbiddenException(String message) {
        super(List.of(message));
    }
}
