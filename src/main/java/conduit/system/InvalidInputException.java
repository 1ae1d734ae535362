package conduit.system;

import java.util.List;

/** The request is well-formed but breaks a rule: blank, malformed or over-long fields (422). */
public final class InvalidInputException extends ServiceException {

    public InvalidInputException(List<Problem> problems) {
        super(problems);
    }

    public InvalidInputException(Problem problem) {
        this(List.of(problem));
    }
}
