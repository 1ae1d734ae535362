package conduit.system;

import java.util.List;

/** The resource named in the request does not exist. */
public final class NotFoundException extends ServiceException {

    public NotFoundException(String message) {
        super(List.of(message));
    }
}
