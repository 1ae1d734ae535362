package conduit.webhook;

import conduit.job.JobHandler;
import conduit.job.JobPayload;
import conduit.job.Jobs;
import io.micronaut.context.BeanProvider;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Job: one webhook delivery, signed per Standard Webhooks. Each attempt is logged; a non-2xx answer, a timeout or
 * a refused address fails the attempt, and the queue retries it on the webhook schedule (with ±10% jitter). When
 * the last attempt fails the delivery is given up, and an endpoint whose deliveries were given up
 * {@code disable-after} times in a row is disabled and its owner told by email.
 */
@Singleton
final class WebhookDelivery implements JobHandler {

    static final String KIND = "webhook.deliver";
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final WebhookQueries queries;
    private final WebhookSettings settings;
    private final WebhookSender sender;
    private final JsonMapper json;
    /** Lazily: Jobs knows every handler, this one included. */
    private final BeanProvider<Jobs> jobs;

    WebhookDelivery(WebhookQueries queries, WebhookSettings settings, JsonMapper json, BeanProvider<Jobs> jobs) {
        this.queries = queries;
        this.settings = settings;
        this.sender = new WebhookSender(new WebhookAddresses(settings.allowInsecureLoopback), settings.timeout);
        this.json = json;
        this.jobs = jobs;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int maxAttempts() {
        return settings.retryDelays.size() + 1;
    }

    @Override
    public Duration retryDelay(int attempt, Duration standard) {
        Duration delay = settings.retryDelays.get(Math.min(attempt, settings.retryDelays.size()) - 1);
        double jitter = 0.9 + 0.2 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (delay.toMillis() * jitter));
    }

    @Override
    public void run(JobPayload payload) throws Exception {
        var found = queries.outgoing(payload.getLong("deliveryId"));
        if (found.isEmpty() || !found.get().state().equals("pending") || !found.get().endpointActive()) {
            return;   // deleted, already settled, or its endpoint was disabled: nothing to send
        }
        var outgoing = found.get();
        String messageId = "msg_" + outgoing.eventId();
        String body = body(outgoing);
        long timestamp = Instant.now().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", messageId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignatures.header(outgoing.secrets(), messageId, timestamp, body));
        Instant started = Instant.now();
        long clock = System.nanoTime();
        var result = sender.post(outgoing.url(), headers, body);
        int millis = (int) Duration.ofNanos(System.nanoTime() - clock).toMillis();
        String error = result.delivered() ? null
                : result.status() != null ? "answered " + result.status() : result.error();
        queries.recordAttempt(outgoing.deliveryId(), started, result.status(), millis, error);
        if (!result.delivered()) {
            throw new IOException("webhook delivery " + outgoing.deliveryId() + ": " + error);
        }
        queries.delivered(outgoing.deliveryId(), outgoing.endpointId());
    }

    @Override
    public void dead(JobPayload payload) throws Exception {
        long deliveryId = payload.getLong("deliveryId");
        var outgoing = queries.outgoing(deliveryId);
        if (outgoing.isPresent() && queries.failed(deliveryId, settings.disableAfter)) {
            jobs.get().enqueue(WebhookDisabledMail.KIND, Map.of("endpointId", outgoing.get().endpointId()));
        }
    }

    /** {"type", "timestamp", "data"}: data is the event's JSON as recorded. */
    private String body(WebhookQueries.Outgoing outgoing) throws IOException {
        return "{\"type\":" + json.writeValueAsString(outgoing.eventType())
                + ",\"timestamp\":" + json.writeValueAsString(MILLIS.format(outgoing.eventAt()))
                + ",\"data\":" + outgoing.data() + "}";
    }
}
