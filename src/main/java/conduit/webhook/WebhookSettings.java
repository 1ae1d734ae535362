package conduit.webhook;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * conduit.webhooks.*: the retry schedule (a delivery gets one attempt more than it has delays), how many given-up
 * deliveries in a row disable an endpoint, the deadline of one attempt, and the development-only permission to
 * send plain http to loopback.
 */
@Singleton
final class WebhookSettings {

    final List<Duration> retryDelays;
    final int disableAfter;
    final Duration timeout;
    final boolean allowInsecureLoopback;

    WebhookSettings(@Value("${conduit.webhooks.retry-delays}") String retryDelays,
                    @Value("${conduit.webhooks.disable-after}") int disableAfter,
                    @Value("${conduit.webhooks.timeout}") Duration timeout,
                    @Value("${conduit.webhooks.allow-insecure-loopback}") boolean allowInsecureLoopback) {
        this.retryDelays = Arrays.stream(retryDelays.split(",")).map(String::strip).map(WebhookSettings::duration).toList();
        this.disableAfter = disableAfter;
        this.timeout = timeout;
        this.allowInsecureLoopback = allowInsecureLoopback;
    }

    /** 5s, 5m, 2h, 1d: a number and a unit (ms, s, m, h, d). */
    static Duration duration(String text) {
        String unit = text.replaceAll("[0-9]", "");
        long amount = Long.parseLong(text.substring(0, text.length() - unit.length()));
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("conduit.webhooks.retry-delays: unknown unit in " + text);
        };
    }
}
