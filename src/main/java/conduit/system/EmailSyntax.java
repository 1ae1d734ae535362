package conduit.system;

import java.util.regex.Pattern;

/** The one rule for what counts as an email address in input: something@domain.tld, without spaces. */
public final class EmailSyntax {

    public static final int MAX_LENGTH = 254;

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private EmailSyntax() {
    }

    public static boolean isValid(String email) {
        return email.length() <= MAX_LENGTH && EMAIL.matcher(email).matches();
    }
}
