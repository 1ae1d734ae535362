package conduit.system;

import java.util.List;

/** The caller could not be identified: wrong credentials, or a token for a user that no longer exists. */
public final class UnauthenticatedException extends ServiceException {

    public UnauthenticatedException(String message) {
        super(List.of(message));
    }
}
