package conduit.webhook;

import conduit.job.Jobs;
import conduit.system.InvalidInputException;
import conduit.system.NotFoundException;
import conduit.system.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Registering, listing, deleting and rotating webhook endpoints, and their delivery log: rules and transactions. */
@Singleton
class WebhookService {

    static final int DESCRIPTION_MAX = 200;
    static final int ENDPOINTS_MAX = 20;
    static final int LOG_SIZE = 100;
    static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    record DeliveryLog(WebhookQueries.Delivery delivery, List<WebhookQueries.Attempt> attempts) {
    }

    private final WebhookQueries queries;
    private final WebhookAddresses addresses;
    private final Jobs jobs;

    WebhookService(WebhookQueries queries, WebhookSettings settings, Jobs jobs) {
        this.queries = queries;
        this.addresses = new WebhookAddresses(settings.allowInsecureLoopback);
        this.jobs = jobs;
    }

    @Transactional
    WebhookQueries.Endpoint create(long userId, @Nullable String url, @Nullable List<String> eventTypes,
                                   @Nullable String description) {
        List<Problem> problems = new ArrayList<>();
        String cleanUrl = url == null ? null : url.strip();
        if (cleanUrl == null || cleanUrl.isEmpty()) {
            problems.add(Problem.blank("url"));
        } else {
            addresses.problemWithUrl(cleanUrl).ifPresent(problem -> problems.add(new Problem("url", problem)));
        }
        Set<String> types = new LinkedHashSet<>();
        if (eventTypes == null || eventTypes.isEmpty()) {
            problems.add(Problem.blank("eventTypes"));
        } else {
            for (String type : eventTypes) {
                if (type == null || !WebhookEvents.TYPES.contains(type)) {
                    problems.add(new Problem("eventTypes", "has an unknown event type '" + type + "'"));
                } else {
                    types.add(type);
                }
            }
        }
        String cleanDescription = description == null || description.isBlank() ? null : description.strip();
        if (cleanDescription != null && cleanDescription.codePointCount(0, cleanDescription.length()) > DESCRIPTION_MAX) {
            problems.add(Problem.tooLong("description", DESCRIPTION_MAX));
        } else if (cleanDescription != null && CONTROL.matcher(cleanDescription).find()) {
            problems.add(new Problem("description", "must be a single line"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (queries.countEndpointsLocked(userId) >= ENDPOINTS_MAX) {
            throw new InvalidInputException(new Problem("webhook",
                    "is one too many: a user may have " + ENDPOINTS_MAX + " webhook endpoints; delete one first"));
        }
        return queries.insertEndpoint(userId, cleanUrl, cleanDescription, List.copyOf(types),
                WebhookSignatures.newSecret());
    }

    @Transactional(readOnly = true)
    List<WebhookQueries.Endpoint> list(long userId) {
        return queries.endpoints(userId);
    }

    @Transactional
    void delete(long userId, long endpointId) {
        if (!queries.deleteEndpoint(userId, endpointId)) {
            throw new NotFoundException("webhook");
        }
    }

    @Transactional
    WebhookQueries.Endpoint rotate(long userId, long endpointId) {
        return queries.rotate(userId, endpointId, WebhookSignatures.newSecret(), Instant.now().plus(ROTATION_OVERLAP))
                .orElseThrow(() -> new NotFoundException("webhook"));
    }

    /** Turns a disabled endpoint back on, its count of deliveries given up in a row back to zero. */
    @Transactional
    WebhookQueries.Endpoint enable(long userId, long endpointId) {
        return queries.enable(userId, endpointId).orElseThrow(() -> new NotFoundException("webhook"));
    }

    @Transactional(readOnly = true)
    List<DeliveryLog> deliveries(long userId, long endpointId) {
        requireOwner(userId, endpointId);
        var deliveries = queries.deliveries(endpointId, LOG_SIZE);
        var attempts = queries.attempts(deliveries.stream().map(WebhookQueries.Delivery::id).toList());
        return deliveries.stream()
                .map(delivery -> new DeliveryLog(delivery, attempts.getOrDefault(delivery.id(), List.of())))
                .toList();
    }

    @Transactional
    DeliveryLog redeliver(long userId, long endpointId, long deliveryId) {
        requireOwner(userId, endpointId);
        var delivery = queries.delivery(endpointId, deliveryId).orElseThrow(() -> new NotFoundException("delivery"));
        queries.reopen(deliveryId);
        jobs.enqueue(WebhookDelivery.KIND, Map.of("deliveryId", deliveryId));
        var reopened = new WebhookQueries.Delivery(delivery.id(), delivery.eventId(), delivery.eventType(), "pending",
                delivery.createdAt());
        return new DeliveryLog(reopened, queries.attempts(List.of(deliveryId)).getOrDefault(deliveryId, List.of()));
    }

    private void requireOwner(long userId, long endpointId) {
        if (!queries.owns(userId, endpointId)) {
            throw new NotFoundException("webhook");
        }
    }
}
