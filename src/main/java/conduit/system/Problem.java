package conduit.system;

/**
 * One thing wrong with a request, as RealWorld reports it: what it is about ({@code title}, {@code token},
 * {@code article}) and what is wrong with it ({@code can't be blank}). A client shows them together.
 */
public record Problem(String key, String message) {

    public static Problem blank(String field) {
        return new Problem(field, "can't be blank");
    }

    public static Problem tooLong(String field, int max) {
        return new Problem(field, "is too long (maximum is " + max + " characters)");
    }

    public static Problem tooShort(String field, int min) {
        return new Problem(field, "is too short (minimum is " + min + " characters)");
    }

    public static Problem invalid(String field) {
        return new Problem(field, "is invalid");
    }

    public static Problem taken(String field) {
        return new Problem(field, "has already been taken");
    }

    @Override
    public String toString() {
        return key + " " + message;
    }
}
