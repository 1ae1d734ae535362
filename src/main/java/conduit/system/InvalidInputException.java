package conduit.system;

import java.util.List;

/** The request is well-formed but breaks a rule: blank or malformed fields, duplicates. */
public final class InvalidInputException extends ServiceException {

    public InvalidInputException(List<String> messages) {
        super(messages);
    }

    public InvalidInputException(String message) {
        this(List.of(message));
    }
}
