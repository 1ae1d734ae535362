package conduit.consistency;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A consistency token is a PostgreSQL WAL position (LSN) as PostgreSQL prints it, two hexadecimal 32-bit halves:
 * {@code 0/16B3748}. Anything else is not a token.
 */
final class ConsistencyTokens {

    private static final Pattern LSN = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

    private ConsistencyTokens() {
    }

    static Optional<String> parse(String value) {
        return LSN.matcher(value).matches() ? Optional.of(value.toUpperCase(Locale.ROOT)) : Optional.empty();
    }
}
