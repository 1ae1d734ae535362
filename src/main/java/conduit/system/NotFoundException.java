package conduit.system;

import java.util.List;

/** The resource named in the request ({@code article}, {@code comment}, {@code profile}) does not exist. */
public final class NotFoundException extends ServiceException {

    public NotFoundException(String resource) {
        super(List.of(new Problem(resource, "not found")));
    }
}
