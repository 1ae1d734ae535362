package conduit.ratelimit;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code requests} per {@code window}, written "5/60s", "20/1h": a bucket of that many tokens, refilled at that rate
 * (RateLimiter).
 */
public record Limit(int requests, Duration window) {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)/(\\d+)([smh])");

    public static Limit parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("a rate limit looks like 5/60s, 100/1m or 20/1h, not: " + text);
        }
        long amount = Long.parseLong(m.group(2));
        Duration window = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        return new Limit(Integer.parseInt(m.group(1)), window);
    }

    /** The RateLimit-Policy form: "5;w=60". */
    public String policy() {
        return requests + ";w=" + window.toSeconds();
    }
}
