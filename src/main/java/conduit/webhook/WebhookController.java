package conduit.webhook;

import conduit.api.WebhooksApi;
import conduit.api.model.IssuedWebhook;
import conduit.api.model.IssuedWebhookResponse;
import conduit.api.model.NewWebhookRequest;
import conduit.api.model.Webhook;
import conduit.api.model.WebhookAttempt;
import conduit.api.model.WebhookDelivery;
import conduit.api.model.WebhookDeliveriesResponse;
import conduit.api.model.WebhookDeliveryResponse;
import conduit.api.model.WebhookResponse;
import conduit.api.model.WebhooksResponse;
import conduit.auth.CurrentUser;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Webhook endpoints and their delivery log (x-scope webhooks:manage). */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class WebhookController implements WebhooksApi {

    private final WebhookService webhooks;
    private final CurrentUser currentUser;

    WebhookController(WebhookService webhooks, CurrentUser currentUser) {
        this.webhooks = webhooks;
        this.currentUser = currentUser;
    }

    @Override
    public HttpResponse<IssuedWebhookResponse> createWebhook(NewWebhookRequest request) {
        var wanted = request.getWebhook();
        var endpoint = webhooks.create(currentUser.requireId(), wanted.getUrl(), wanted.getEventTypes(),
                wanted.getDescription());
        return HttpResponse.created(issued(endpoint));
    }

    @Override
    public WebhooksResponse listWebhooks() {
        return new WebhooksResponse(webhooks.list(currentUser.requireId()).stream().map(WebhookController::webhook).toList());
    }

    @Override
    public HttpResponse<WebhookResponse> enableWebhook(Long webhookId) {
        return HttpResponse.ok(new WebhookResponse(webhook(webhooks.enable(currentUser.requireId(), webhookId))));
    }

    @Override
    public HttpResponse<Void> deleteWebhook(Long webhookId) {
        webhooks.delete(currentUser.requireId(), webhookId);
        return HttpResponse.noContent();
    }

    @Override
    public HttpResponse<IssuedWebhookResponse> rotateWebhookSecret(Long webhookId) {
        return HttpResponse.ok(issued(webhooks.rotate(currentUser.requireId(), webhookId)));
    }

    @Override
    public WebhookDeliveriesResponse listWebhookDeliveries(Long webhookId) {
        return new WebhookDeliveriesResponse(webhooks.deliveries(currentUser.requireId(), webhookId).stream()
                .map(WebhookController::delivery).toList());
    }

    @Override
    public HttpResponse<WebhookDeliveryResponse> redeliverWebhookDelivery(Long webhookId, Long deliveryId) {
        var log = webhooks.redeliver(currentUser.requireId(), webhookId, deliveryId);
        return HttpResponse.<WebhookDeliveryResponse>status(HttpStatus.ACCEPTED).body(new WebhookDeliveryResponse(delivery(log)));
    }

    private static Webhook webhook(WebhookQueries.Endpoint endpoint) {
        return new Webhook(endpoint.id(), endpoint.url(), endpoint.description(), endpoint.eventTypes(),
                utc(endpoint.createdAt()), utc(endpoint.disabledAt()));
    }

    private static IssuedWebhookResponse issued(WebhookQueries.Endpoint endpoint) {
        return new IssuedWebhookResponse(new IssuedWebhook(endpoint.id(), endpoint.url(), endpoint.description(),
                endpoint.eventTypes(), utc(endpoint.createdAt()), utc(endpoint.disabledAt()), endpoint.secret()));
    }

    private static WebhookDelivery delivery(WebhookService.DeliveryLog log) {
        var delivery = log.delivery();
        return new WebhookDelivery(delivery.id(), "msg_" + delivery.eventId(), delivery.eventType(), delivery.state(),
                utc(delivery.createdAt()), log.attempts().stream()
                .map(attempt -> new WebhookAttempt(attempt.attempt(), utc(attempt.startedAt()), attempt.statusCode(),
                        attempt.durationMs(), attempt.error()))
                .toList());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
