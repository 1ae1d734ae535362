package conduit.system;

import java.util.List;

/** The request asks for something another resource already has, such as a taken username (409). */
public final class ConflictException extends ServiceException {

    public ConflictException(List<Problem> problems) {
        super(problems);
    }
}
