package conduit.system;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.util.Optional;

/**
 * Finds which unique constraint a failed write hit. Services check for duplicates up front for
 * friendly messages; this catches the race where two requests pass that check at the same time.
 */
public final class UniqueViolation {

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolation() {
    }

    public static Optional<String> constraintOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PSQLException psql && UNIQUE_VIOLATION.equals(psql.getSQLState())) {
                ServerErrorMessage detail = psql.getServerErrorMessage();
                return Optional.ofNullable(detail == null ? null : detail.getConstraint());
            }
        }
        return Optional.empty();
    }
}
