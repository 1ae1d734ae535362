package conduit.user;

import conduit.system.EmailSyntax;
import conduit.system.Problem;
import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/** Field rules shared by registration and profile updates; each broken rule is one RealWorld message. */
final class UserRules {

    static final int USERNAME_MAX = 64;
    /** NIST SP 800-63B: at least 8 characters, at least 64 allowed, no composition rules. */
    static final int PASSWORD_MIN = 8;
    static final int PASSWORD_MAX = 256;
    static final int BIO_MAX = 10_000;
    static final int IMAGE_MAX = 2_048;

    // Usernames appear in URLs (/profiles/{username}), so keep them to URL-safe characters.
    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}_.-]+");

    private UserRules() {
    }

    static void checkUsername(@Nullable String username, List<Problem> problems) {
        if (username == null || username.isBlank()) {
            problems.add(Problem.blank("username"));
        } else if (username.length() > USERNAME_MAX) {
            problems.add(Problem.tooLong("username", USERNAME_MAX));
        } else if (!USERNAME.matcher(username).matches()) {
            problems.add(new Problem("username", "may only contain letters, digits, '_', '-' and '.'"));
        } else if (username.chars().allMatch(c -> c == '.')) {
            // "." and ".." are path segments: browsers and proxies normalise /profiles/.. away.
            problems.add(Problem.invalid("username"));
        }
    }

    static void checkEmail(@Nullable String email, List<Problem> problems) {
        if (email == null || email.isBlank()) {
            problems.add(Problem.blank("email"));
        } else if (!EmailSyntax.isValid(email)) {
            problems.add(Problem.invalid("email"));
        }
    }

    /** Length counts characters as a person does (code points), so an emoji is one, not two. */
    static void checkPassword(@Nullable String password, List<Problem> problems) {
        if (password == null || password.isBlank()) {
            problems.add(Problem.blank("password"));
            return;
        }
        int length = password.codePointCount(0, password.length());
        if (length < PASSWORD_MIN) {
            problems.add(Problem.tooShort("password", PASSWORD_MIN));
        } else if (length > PASSWORD_MAX) {
            problems.add(Problem.tooLong("password", PASSWORD_MAX));
        }
    }

    static void checkBio(String bio, List<Problem> problems) {
        if (bio.length() > BIO_MAX) {
            problems.add(Problem.tooLong("bio", BIO_MAX));
        }
    }

    static void checkImage(String image, List<Problem> problems) {
        if (image.length() > IMAGE_MAX || !isHttpUrl(image)) {
            problems.add(new Problem("image", "must be an http or https URL"));
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
