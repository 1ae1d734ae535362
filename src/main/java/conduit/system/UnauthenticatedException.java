package conduit.system;

import java.util.List;

/**
 * The caller could not be identified (401): no usable token ({@code token}), wrong email or password
 * ({@code credentials}), an unusable refresh token or event ticket.
 */
public final class UnauthenticatedException extends ServiceException {

    public UnauthenticatedException(Problem problem) {
        super(List.of(problem));
    }

    public static UnauthenticatedException token(String message) {
        return new UnauthenticatedException(new Problem("token", message));
    }
}
