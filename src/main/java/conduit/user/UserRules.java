package conduit.user;

import conduit.system.EmailSyntax;
import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/** Field rules shared by registration and profile updates; each broken rule is one RealWorld message. */
final class UserRules {

    static final int USERNAME_MAX = 64;
    static final int PASSWORD_MAX = 256;
    static final int BIO_MAX = 10_000;
    static final int IMAGE_MAX = 2_048;

    // Usernames appear in URLs (/profiles/{username}), so keep them to URL-safe characters.
    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}_.-]+");

    private UserRules() {
    }

    static void checkUsername(@Nullable String username, List<String> problems) {
        if (username == null || username.isBlank()) {
            problems.add("username can't be blank");
        } else if (username.length() > USERNAME_MAX) {
            problems.add("username is too long (maximum is " + USERNAME_MAX + " characters)");
        } else if (!USERNAME.matcher(username).matches()) {
            problems.add("username may only contain letters, digits, '_', '-' and '.'");
        }
    }

    static void checkEmail(@Nullable String email, List<String> problems) {
        if (email == null || email.isBlank()) {
            problems.add("email can't be blank");
        } else if (!EmailSyntax.isValid(email)) {
            problems.add("email is invalid");
        }
    }

    static void checkPassword(@Nullable String password, List<String> problems) {
        if (password == null || password.isEmpty()) {
            problems.add("password can't be blank");
        } else if (password.length() > PASSWORD_MAX) {
            problems.add("password is too long (maximum is " + PASSWORD_MAX + " characters)");
        }
    }

    static void checkBio(String bio, List<String> problems) {
        if (bio.length() > BIO_MAX) {
            problems.add("bio is too long (maximum is " + BIO_MAX + " characters)");
        }
    }

    static void checkImage(String image, List<String> problems) {
        if (image.length() > IMAGE_MAX || !isHttpUrl(image)) {
            problems.add("image must be an http or https URL");
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    /** Emails are compared and stored lowercased; surrounding spaces from form inputs are dropped. */
    static String normalizeEmail(String email) {
        return email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
